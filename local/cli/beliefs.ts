/**
 * CLI command `import-beliefs`: sensor data from a CSV file (local/cli/beliefs-csv.ts) stored as
 * beliefs of a data source of type "CLI script", by the same code as POST /api/v3_0/sensors/data —
 * each run of consecutive rows goes through `beliefsFromPostedSeries` (unit conversion, belief
 * times from `--prior`, `--horizon` or now, empty values skipped), and the whole file through the
 * check-then-insert of functions/app/belief-writes.ts (retries store nothing twice; a different value for
 * a stored event, source and belief time refuses the whole import unless `--allow-overwrite`).
 *
 * Nothing is written unless the whole file is valid: every line is checked first, and problems are
 * reported with their line numbers.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DataSource, Sensor } from '../../functions/core/assets/model.js';
import { BeliefValidationError, beliefsFromPostedSeries, type Belief, type SensorTiming } from '../../functions/core/beliefs/index.js';
import {
  durationFrom,
  formatDatetime,
  formatDurationSchema,
  parseAwareDatetime,
  parseDuration,
  TimeFormatError,
  type Duration,
} from '../../functions/core/time/index.js';
import { timingOf } from '../../functions/core/sensor-data.js';
import type { Ports } from '../../functions/core/ports/index.js';
import {
  applyBeliefWrites,
  BeliefWriteBusyError,
  planBeliefWrites,
  withBeliefLease,
  type BeliefWritePlan,
} from '../../functions/app/belief-writes.js';
import { assertStorable, UnstorableBeliefError } from '../../functions/core/ports/beliefs.js';
import { contiguousRuns, CsvFormatError, parseBeliefsCsv, type CsvRun } from './beliefs-csv.js';
import { CliError, type CliIo } from './io.js';
import { ProgressBar } from './progress.js';
import type { Run } from './program.js';

/** The data source of an import when `--source-name` is not given. */
export const DEFAULT_IMPORT_SOURCE_NAME = 'CLI import';
/** FlexMeasures' source type for data added by CLI commands. */
export const IMPORT_SOURCE_TYPE = 'CLI script';
/** Beliefs per store call while importing (one progress step each). */
export const IMPORT_CHUNK_SIZE = 500;
/** How long an import may hold its (sensor, source) lease: generous, a year of quarter hours takes seconds. */
const IMPORT_LEASE_MS = 10 * 60_000;

interface ImportOptions {
  file: string;
  sensor: string;
  unit: string;
  sourceName: string;
  horizon?: string;
  prior?: string;
  delimiter: string;
  allowOverwrite?: boolean;
  dryRun?: boolean;
}

/** How the belief times of an import are set: one of `prior`, `horizon`, or neither (now). */
export interface ImportTiming {
  prior?: number;
  horizon?: Duration;
  now: number;
}

/** Beliefs (of `sourceId`) from CSV runs, with the file line of each belief's event start. */
export interface ImportedBeliefs {
  beliefs: Belief[];
  lineOf: Map<number, number>;
  /** Rows without a value (skipped). */
  empty: number;
}

/**
 * Turns runs of CSV rows into beliefs exactly as POST /sensors/data turns a posted series into
 * beliefs: one series per run, `duration` = its length at the sensor resolution. Pure.
 *
 * @throws BeliefValidationError (units the sensor cannot take, …) with FlexMeasures' message.
 */
export function beliefsFromRuns(
  runs: readonly CsvRun[],
  sensor: { id: number; unit: string; timing: SensorTiming },
  unit: string,
  timing: ImportTiming,
  sourceId: number,
): ImportedBeliefs {
  const beliefs: Belief[] = [];
  const lineOf = new Map<number, number>();
  let empty = 0;
  const resolution = sensor.timing.eventResolutionMs;
  for (const run of runs) {
    const series = beliefsFromPostedSeries(
      {
        start: run.start,
        durationMs: resolution * run.values.length,
        values: run.values,
        unit,
        prior: timing.prior,
        horizonMs: timing.horizon === undefined ? undefined : durationFrom(run.start, timing.horizon, sensor.timing.timezone),
        now: timing.now,
        sourceId,
      },
      sensor,
    );
    run.values.forEach((v, i) => {
      if (v === null) empty++;
      lineOf.set(resolution > 0 ? run.start + i * resolution : run.start, run.lines[i]!);
    });
    for (const b of series.beliefs) beliefs.push(b);
  }
  return { beliefs, lineOf, empty };
}

function parseTimingOptions(options: ImportOptions): Omit<ImportTiming, 'now'> {
  if (options.horizon !== undefined && options.prior !== undefined) throw new CliError('Give either --horizon or --prior, not both.');
  try {
    if (options.prior !== undefined) return { prior: parseAwareDatetime(options.prior).ms };
    if (options.horizon !== undefined) return { horizon: parseDuration(options.horizon) };
  } catch (err) {
    if (err instanceof TimeFormatError) throw new CliError(`${options.prior !== undefined ? '--prior' : '--horizon'}: ${err.message}`);
    throw err;
  }
  return {};
}

async function findSensor(deps: Ports, ref: string): Promise<Sensor> {
  if (!/^\d+$/.test(ref)) throw new CliError(`A sensor is given by its id, not '${ref}'.`);
  const sensor = await deps.assets.getSensor(Number(ref));
  if (!sensor) throw new CliError(`No sensor with id ${ref}.`);
  return sensor;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`Cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.message}.`);
  }
}

const sourceFields = (name: string) => ({ name, type: IMPORT_SOURCE_TYPE, model: null, version: null, account_id: null, user_id: null });

/** The import's data source: looked up only (dry run) or created on first use. */
async function importSource(deps: Ports, name: string, create: boolean): Promise<DataSource | null> {
  if (create) return deps.assets.getOrCreateSource(sourceFields(name));
  const wanted = sourceFields(name);
  return (
    (await deps.assets.listDataSources()).find(
      (s) => s.name === wanted.name && s.type === wanted.type && s.model === null && s.version === null && s.account_id === null && s.user_id === null,
    ) ?? null
  );
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

async function importBeliefs(io: CliIo, options: ImportOptions, deps: Ports): Promise<void> {
  const timingOptions = parseTimingOptions(options);
  const name = options.sourceName.trim();
  if (!name) throw new CliError('--source-name cannot be empty.');
  const sensor = await findSensor(deps, options.sensor);
  const timing = timingOf(sensor);
  const text = readText(options.file);

  // Check the whole file before anything is written.
  const nothing = 'Nothing was imported.';
  let runs: CsvRun[];
  let rowCount: number;
  try {
    const rows = parseBeliefsCsv(text, { delimiter: options.delimiter });
    rowCount = rows.length;
    runs = contiguousRuns(rows, timing.eventResolutionMs);
  } catch (err) {
    if (err instanceof CsvFormatError) throw new CliError(`${options.file}:\n${err.message}\n${nothing}`);
    throw err;
  }
  if (!rowCount) throw new CliError(`${options.file} holds no data rows. ${nothing}`);
  const target = { id: sensor.id, unit: sensor.unit, timing };
  const at = { ...timingOptions, now: deps.clock() };
  let imported: ImportedBeliefs;
  try {
    imported = beliefsFromRuns(runs, target, options.unit, at, 0);
    assertStorable(imported.beliefs);
  } catch (err) {
    if (err instanceof BeliefValidationError) throw new CliError(`${err.message.replace(/\.?$/, '.')} ${nothing}`);
    if (err instanceof UnstorableBeliefError) throw new CliError(`line ${imported!.lineOf.get(err.belief.eventStart)}: ${err.message} ${nothing}`);
    throw err;
  }

  const source = await importSource(deps, name, !options.dryRun);
  const beliefs = imported.beliefs.map((b) => ({ ...b, sourceId: source?.id ?? 0 }));
  const overwrite = Boolean(options.allowOverwrite);
  // Plan and import under the (sensor, source) lease, so no POST or other import of this source
  // interleaves with it; a dry run reads without it.
  const importing = async (leased: boolean): Promise<void> => {
    // A dry run for a source that does not exist yet: everything would be new.
    const plan: BeliefWritePlan = source
      ? await planBeliefWrites(deps.beliefs, beliefs, timing, overwrite)
      : { status: 'PROCESSED', classified: beliefs.map((belief) => ({ belief, classification: 'new' })), toWrite: beliefs, overwrite };
    const replacements = plan.classified.filter((c) => c.classification === 'replacement');
    const unchanged = plan.classified.filter((c) => c.classification === 'unchanged').length;
    if (plan.status === 'INVALID_REPLACEMENT') {
      const first = replacements[0]!;
      throw new CliError(
        `${plural(replacements.length, 'value')} would replace stored values of data source '${name}' with the same belief time, ` +
          `e.g. line ${imported.lineOf.get(first.belief.eventStart)}: ${formatDatetime(first.belief.eventStart)} is stored as ` +
          `${first.existing!.value} ${sensor.unit}, the file gives ${first.belief.value} ${sensor.unit}. ${nothing} ` +
          'Give --allow-overwrite to overwrite them, or a later --prior to record new beliefs.',
      );
    }

    const described = `sensor ${sensor.id} (${sensor.name}, ${sensor.unit === '' ? 'dimensionless' : sensor.unit}, ${formatDurationSchema(sensor.event_resolution)})`;
    const details = [
      `${plural(rowCount, 'row')} in ${plural(runs.length, 'run')} of consecutive events`,
      unchanged ? `${plural(unchanged, 'belief')} already stored` : '',
      imported.empty ? `${plural(imported.empty, 'empty value')} skipped` : '',
      overwrite && replacements.length ? `${plural(replacements.length, 'stored value')} overwritten` : '',
    ].filter(Boolean);
    if (options.dryRun) {
      io.out(`Dry run: would import ${plural(plan.toWrite.length, 'belief')} into ${described} as data source '${name}'; ${details.join('; ')}. Nothing was written.`);
      return;
    }

    const bar = new ProgressBar(io.progress, 'Importing', plan.toWrite.length, { unit: 'beliefs' });
    let result;
    try {
      bar.update(0);
      result = await applyBeliefWrites(deps.beliefs, plan, { chunkSize: IMPORT_CHUNK_SIZE, leased, onProgress: (done) => bar.update(done) });
    } finally {
      bar.finish();
    }
    if (result.conflicts.length) {
      throw new CliError(
        `Another writer stored different values for ${plural(result.conflicts.length, 'belief')} of data source '${name}' during the import; ` +
          `those were not written (${plural(result.written, 'belief')} were).`,
      );
    }
    const written = plural(result.written, 'belief');
    io.out(`Imported ${written} into ${described} as data source '${source!.name}' (id ${source!.id}); ${details.join('; ')}.`);
  };
  if (!source || options.dryRun) return importing(false);
  try {
    await withBeliefLease(deps.leases, sensor.id, source.id, () => importing(true), { leaseMs: IMPORT_LEASE_MS });
  } catch (err) {
    if (err instanceof BeliefWriteBusyError) throw new CliError(`Another request is writing data of source '${name}' to sensor ${sensor.id}. ${nothing} Try again shortly.`);
    throw err;
  }
}

export function registerBeliefCommands(program: Command, run: Run): void {
  program
    .command('import-beliefs')
    .description('import sensor data from a CSV file (event start with UTC offset, value) as beliefs, with the rules of POST /sensors/data')
    .requiredOption('--file <csv>', 'CSV file: event start (ISO 8601 with offset, e.g. 2025-01-01T00:00:00+01:00), value; a header line is optional')
    .requiredOption('--sensor <id>', 'the sensor (see list-sensors)')
    .requiredOption('--unit <unit>', 'unit of the values, e.g. kW or EUR/MWh (converted to the sensor unit)')
    .option('--source-name <name>', `data source (type "${IMPORT_SOURCE_TYPE}"), created on first use`, DEFAULT_IMPORT_SOURCE_NAME)
    .option('--horizon <duration>', 'belief horizon of every value relative to its knowledge time, e.g. PT0H (known when it happened) or PT24H')
    .option('--prior <datetime>', 'belief time of every value (ISO 8601 with offset); default: now')
    .option('--delimiter <text>', 'field separator', ',')
    .option('--allow-overwrite', 'overwrite stored values of the same source and belief time instead of refusing the import')
    .option('--dry-run', 'check the file and say what would be imported, without writing anything')
    .action((options: ImportOptions) => run((io, deps) => importBeliefs(io, options, deps)));
}
