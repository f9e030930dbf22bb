/** The fixture world of docs/contract/api.md §12.0, as beliefs. */
import { thrownBy } from '../../helpers/errors.js';
import { BeliefValidationError, defaultTiming, type Belief } from '../../../functions/core/beliefs/index.js';
import { MINUTE } from '../../../functions/core/time/index.js';

export const t = (iso: string): number => Date.parse(iso);

export const SUPPLIER_SOURCE = 3; // "Test Supplier User" (type user)
export const OTHER_SOURCE = 4; // "Other source" (type demo script)
export const SOURCE_NAMES: ReadonlyMap<number, string> = new Map([
  [SUPPLIER_SOURCE, 'Test Supplier User'],
  [OTHER_SOURCE, 'Other source'],
]);

export const GAS = { id: 1, unit: 'm³/h', timing: defaultTiming(10 * MINUTE) };
export const TEMPERATURE = { id: 2, unit: '°C', timing: defaultTiming(0) };
export const EMPTY_TEMPERATURE = { id: 3, unit: '°C', timing: defaultTiming(0) };

export const EVENT_STARTS = ['2021-05-02T00:00:00+02:00', '2021-05-02T00:10:00+02:00', '2021-05-02T00:20:00+02:00'].map(t);

function series(sensorId: number, resolution: number, sourceId: number, values: number[]): Belief[] {
  // horizon 0 on default sensors: believed at the event end
  return values.map((value, k) => ({
    sensorId,
    eventStart: EVENT_STARTS[k]!,
    beliefTime: EVENT_STARTS[k]! + resolution,
    sourceId,
    cumulativeProbability: 0.5,
    value,
  }));
}

export const GAS_BELIEFS: Belief[] = [
  ...series(GAS.id, 10 * MINUTE, SUPPLIER_SOURCE, [91.3, 91.7, 92.1]),
  ...series(GAS.id, 10 * MINUTE, OTHER_SOURCE, [91.3, Number.NaN, 92.1]),
];

export const TEMPERATURE_BELIEFS: Belief[] = series(TEMPERATURE.id, 0, SUPPLIER_SOURCE, [815, 817, 818]);

/** The BeliefValidationError `fn` throws (fails the test when it throws something else or nothing). */
export const rejection = (fn: () => unknown): BeliefValidationError => thrownBy(BeliefValidationError, fn);
