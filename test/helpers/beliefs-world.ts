/**
 * The beliefs of FlexMeasures' test world (docs/contract/api.md §12.0), added to the sensors of
 * `buildAssetsWorld()` through the stores of the running test runtime:
 *
 * - "some gas sensor" (m³/h, 10 min): beliefs with horizon 0 (belief time = event end) about
 *   2021-05-02T00:00, 00:10 and 00:20 (+02:00) from "Test Supplier User" (the supplier user's own
 *   data source, type user): 91.3, 91.7, 92.1; and from "Other source" (type "demo script"):
 *   91.3, NaN, 92.1;
 * - "some temperature sensor" (°C, instantaneous): 815, 817, 818 at the same times, horizon 0
 *   (belief time = the instant), from "Test Supplier User".
 */
import type { DataSource } from '../../functions/core/assets/model.js';
import type { Belief } from '../../functions/core/ports/beliefs.js';
import type { AssetsWorld } from './assets-world.js';
import type { World } from './world.js';

export interface BeliefsWorld {
  supplierSource: DataSource;
  otherSource: DataSource;
}

const MINUTE = 60_000;
/** 2021-05-02T00:00:00+02:00. */
export const FIXTURE_START = Date.parse('2021-05-01T22:00:00Z');

function seriesOf(sensorId: number, resolutionMs: number, sourceId: number, values: number[]): Belief[] {
  return values.map((value, i) => {
    const eventStart = FIXTURE_START + i * 10 * MINUTE;
    return { sensorId, eventStart, beliefTime: eventStart + resolutionMs, sourceId, cumulativeProbability: 0.5, value };
  });
}

/** Stores the docs/contract/api.md §12.0 beliefs. */
export async function buildBeliefsWorld(world: World, assets: AssetsWorld): Promise<BeliefsWorld> {
  const supplier = world.users.supplier4;
  const supplierSource = await world.deps.assets.getOrCreateUserSource({ id: supplier.id, username: supplier.username, accountId: supplier.accountId });
  const otherSource = await world.deps.assets.getOrCreateSource({ name: 'Other source', type: 'demo script', model: null, version: null, accountId: null, userId: null });
  const { gas, temperature } = assets.sensors;
  await world.deps.beliefs.put([
    ...seriesOf(gas.id, gas.eventResolution, supplierSource.id, [91.3, 91.7, 92.1]),
    ...seriesOf(gas.id, gas.eventResolution, otherSource.id, [91.3, NaN, 92.1]),
    ...seriesOf(temperature.id, 0, supplierSource.id, [815, 817, 818]),
  ]);
  return { supplierSource, otherSource };
}
