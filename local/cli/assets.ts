/**
 * CLI commands on assets and sensors: list-asset-types, add-asset, add-sensor, list-assets,
 * list-sensors. The same rules as the API apply (core/assets): unit registry, IANA time zones,
 * whole-minute resolutions, coordinates, attributes as a JSON object; assets and sensors are
 * created by the API's own use cases (functions/app: name length, unique names, the asset audit
 * log entry, here without an active user).
 */
import type { Command } from 'commander';
import { createAsset } from '../../functions/app/assets.js';
import { createSensor } from '../../functions/app/sensors.js';
import { parseAttributes } from '../../functions/core/assets/attributes.js';
import { latitudeErrors, longitudeErrors } from '../../functions/core/assets/location.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Attributes, type Sensor } from '../../functions/core/assets/model.js';
import { checkTimezone, checkUnit, DEFAULT_SENSOR_TIMEZONE, parseEventResolution } from '../../functions/core/assets/sensors.js';
import { ValidationError, type FieldErrors } from '../../functions/core/errors.js';
import { formatDurationSchema } from '../../functions/core/time/index.js';
import type { Ports } from '../../functions/core/ports/index.js';
import { CliError, type CliIo } from './io.js';
import { findAccount } from './shared.js';
import type { Run } from './program.js';

function attributesOption(text: string | undefined): Attributes {
  if (text === undefined) return {};
  const parsed = parseAttributes(text);
  if (!parsed.ok) throw new CliError(`--attributes: ${parsed.message}`);
  return parsed.value;
}

function coordinate(text: string | undefined, check: (v: number) => string[], option: string): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${option}: not a number: ${text}`);
  const errors = check(value);
  if (errors.length) throw new CliError(`${option}: ${errors.join(' ')}`);
  return value;
}

/** The first message of a use case's 422, as a CLI error (other errors pass unchanged). */
async function orCliError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const first = (errors: FieldErrors): string => {
      const value = Object.values(errors)[0]!;
      return Array.isArray(value) ? value[0]! : first(value);
    };
    throw new CliError(first(err.errors));
  }
}

async function findAsset(deps: Pick<Ports, 'assets'>, ref: string): Promise<Asset> {
  if (!/^\d+$/.test(ref)) throw new CliError(`An asset is given by its id, not '${ref}'.`);
  const asset = await deps.assets.getAsset(Number(ref));
  if (!asset) throw new CliError(`No asset with id ${ref}.`);
  return asset;
}

/** `--account <ref>` or `--public` → the owner (null = public); neither → `fallback`. */
async function owner(deps: Pick<Ports, 'accounts'>, options: { account?: string; public?: boolean }, fallback?: () => never): Promise<number | null> {
  if (options.account !== undefined && options.public) throw new CliError('Give either --account or --public, not both.');
  if (options.public) return null;
  if (options.account !== undefined) return (await findAccount(deps, options.account)).id;
  return fallback ? fallback() : null;
}

const describeAsset = (a: Asset, typeName: string) =>
  [
    String(a.id).padStart(4),
    a.name,
    `type: ${typeName}`,
    a.account_id === null ? 'public' : `account: ${a.account_id}`,
    a.parent_asset_id !== null ? `parent: ${a.parent_asset_id}` : '',
  ]
    .filter(Boolean)
    .join('  ');

const describeSensor = (s: Sensor) =>
  [String(s.id).padStart(4), s.name, `unit: ${s.unit === '' ? '(dimensionless)' : s.unit}`, `resolution: ${formatDurationSchema(s.event_resolution)}`, `asset: ${s.generic_asset_id}`].join('  ');

export function registerAssetCommands(program: Command, run: Run): void {
  program
    .command('list-asset-types')
    .description('list the generic asset types (their ids are what POST /assets needs)')
    .action(() =>
      run(async (io: CliIo, deps: Ports) => {
        const { assets } = deps;
        await assets.ensureDefaultAssetTypes();
        for (const t of await assets.listAssetTypes()) io.out(`${String(t.id).padStart(4)}  ${t.name}${t.description ? `  (${t.description})` : ''}`);
      }),
    );

  program
    .command('add-asset')
    .description('create an asset')
    .requiredOption('--name <name>', 'asset name (at most 80 characters; unique under its parent, or per account at the top level)')
    .requiredOption('--type <type>', 'asset type, by id or name (see list-asset-types)')
    .option('--account <account>', 'owning account, by id or name')
    .option('--public', 'make it a public asset (no owning account)')
    .option('--parent <id>', 'parent asset id')
    .option('--latitude <degrees>', 'latitude, −90…90')
    .option('--longitude <degrees>', 'longitude, −180…180')
    .option('--attributes <json>', 'attributes as a JSON object')
    .action((options: { name: string; type: string; account?: string; public?: boolean; parent?: string; latitude?: string; longitude?: string; attributes?: string }) =>
      run(async (io: CliIo, deps: Ports) => {
        const store = deps.assets;
        await store.ensureDefaultAssetTypes();
        const name = options.name.trim();
        if (!name) throw new CliError('An asset name needs 1 to 80 characters.');
        const type = /^\d+$/.test(options.type) ? await store.getAssetType(Number(options.type)) : await store.getAssetTypeByName(options.type);
        if (!type) throw new CliError(`No asset type ${options.type} (see list-asset-types).`);
        const accountId = await owner(deps, options, () => {
          throw new CliError('Give the owning account (--account) or --public.');
        });
        const parent = options.parent !== undefined ? await findAsset(deps, options.parent) : null;
        const asset = await orCliError(
          createAsset(deps, null, {
            name,
            generic_asset_type_id: type.id,
            account_id: accountId,
            latitude: coordinate(options.latitude, latitudeErrors, '--latitude'),
            longitude: coordinate(options.longitude, longitudeErrors, '--longitude'),
            parent_asset_id: parent?.id ?? null,
            attributes: attributesOption(options.attributes),
            consumption_price_sensor_id: null,
            production_price_sensor_id: null,
            inflexible_device_sensor_ids: [],
          }),
        );
        io.out(`Created asset ${asset.id}: ${asset.name} (${type.name}, ${accountId === null ? 'public' : `account ${accountId}`})`);
      }),
    );

  program
    .command('add-sensor')
    .description('create a sensor on an asset')
    .requiredOption('--name <name>', 'sensor name (unique on its asset)')
    .requiredOption('--asset <id>', 'the asset the sensor belongs to')
    .requiredOption('--unit <unit>', 'unit, e.g. MW, kWh, EUR/MWh, °C ("" for dimensionless)')
    .requiredOption('--resolution <duration>', 'event resolution as an ISO 8601 duration, e.g. PT15M; P0D for instantaneous')
    .option('--timezone <zone>', 'IANA time zone', DEFAULT_SENSOR_TIMEZONE)
    .option('--attributes <json>', 'attributes as a JSON object, e.g. {"capacity_in_mw": 2}')
    .action((options: { name: string; asset: string; unit: string; resolution: string; timezone: string; attributes?: string }) =>
      run(async (io: CliIo, deps: Ports) => {
        const name = options.name.trim();
        if (!name) throw new CliError('A sensor name needs 1 to 120 characters.');
        const asset = await findAsset(deps, options.asset);
        const unit = checkUnit(options.unit);
        if (!unit.ok) throw new CliError(unit.message);
        const timezone = checkTimezone(options.timezone);
        if (!timezone.ok) throw new CliError(timezone.message);
        const resolution = parseEventResolution(options.resolution);
        if (!resolution.ok) throw new CliError(`--resolution: ${resolution.message}`);
        const sensor = await orCliError(
          createSensor(deps, null, {
            name,
            unit: unit.value,
            timezone: timezone.value,
            event_resolution: resolution.value,
            knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
            generic_asset_id: asset.id,
            account_id: asset.account_id,
            attributes: attributesOption(options.attributes),
          }),
        );
        io.out(`Created sensor ${sensor.id}: ${sensor.name} (${sensor.unit}, ${formatDurationSchema(sensor.event_resolution)}) on asset ${asset.id} (${asset.name})`);
      }),
    );

  program
    .command('list-assets')
    .description('list the assets of an account (or the public assets)')
    .option('--account <account>', 'account, by id or name')
    .option('--public', 'the public assets')
    .option('--json', 'print JSON')
    .action((options: { account?: string; public?: boolean; json?: boolean }) =>
      run(async (io: CliIo, deps: Ports) => {
        const accountId = await owner(deps, options, () => {
          throw new CliError('Give the account (--account) or --public.');
        });
        const assets = (await deps.assets.listAssetsByAccount(accountId)).sort((a, b) => a.id - b.id);
        if (options.json) return io.out(JSON.stringify(assets, null, 2));
        if (!assets.length) return io.out('No assets.');
        const types = new Map((await deps.assets.listAssetTypes()).map((t) => [t.id, t.name]));
        for (const a of assets) io.out(describeAsset(a, types.get(a.generic_asset_type_id) ?? String(a.generic_asset_type_id)));
      }),
    );

  program
    .command('list-sensors')
    .description('list the sensors of an account, of the public assets, or of one asset')
    .option('--account <account>', 'account, by id or name')
    .option('--public', 'sensors on public assets')
    .option('--asset <id>', 'sensors of this asset')
    .option('--json', 'print JSON')
    .action((options: { account?: string; public?: boolean; asset?: string; json?: boolean }) =>
      run(async (io: CliIo, deps: Ports) => {
        let sensors: Sensor[];
        if (options.asset !== undefined) {
          if (options.account !== undefined || options.public) throw new CliError('Give --asset alone.');
          sensors = await deps.assets.listSensorsByAsset((await findAsset(deps, options.asset)).id);
        } else {
          const accountId = await owner(deps, options, () => {
            throw new CliError('Give the account (--account), --public or --asset.');
          });
          sensors = await deps.assets.listSensorsByAccount(accountId);
        }
        sensors.sort((a, b) => a.id - b.id);
        if (options.json) return io.out(JSON.stringify(sensors, null, 2));
        if (!sensors.length) return io.out('No sensors.');
        for (const s of sensors) io.out(describeSensor(s));
      }),
    );
}
