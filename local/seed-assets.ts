/**
 * Demo assets for a fresh local installation (called by local/seed.ts on the first run, after the
 * "Demo Account" and its admin exist):
 * - "Demo battery" (type battery, owned by the Demo Account) with the power sensor
 *   "Demo battery power" (MW, 15 min; capacity_in_mw 2, max_soc_in_mwh 5, min_soc_in_mwh 0.5),
 *   ready to be scheduled;
 * - "Demo process" (type process, owned by the Demo Account, priced by the day-ahead prices) with the
 *   power sensor "Demo process power" (kW, 15 min), ready for process schedules;
 * - the public "Day-ahead market" (type market) with the price sensor "Day-ahead prices"
 *   (EUR/MWh, 1 h), whose prices are known day-ahead at 12:00 Paris time (the auction's gate
 *   closure), as FlexMeasures configures its day-ahead price sensors. Prices arrive with the
 *   belief store's seed and the price ingestion.
 * Running it again adds nothing that already exists.
 */
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type AssetFields, type KnowledgeHorizon, type Sensor } from '../functions/core/assets/model.js';
import type { AssetStore } from '../functions/core/ports/assets.js';
import type { SeedContext } from './seed.js';

export const DEMO_BATTERY = 'Demo battery';
export const DEMO_BATTERY_POWER = 'Demo battery power';
export const DEMO_PROCESS = 'Demo process';
export const DEMO_PROCESS_POWER = 'Demo process power';
export const DAY_AHEAD_MARKET = 'Day-ahead market';
export const DAY_AHEAD_PRICES = 'Day-ahead prices';

/** Day-ahead auction prices are published the day before, after the 12:00 CET gate closure. */
export const DAY_AHEAD_KNOWLEDGE_HORIZON: KnowledgeHorizon = { fnc: 'x_days_ago_at_y_oclock', par: { x: 1, y: 12, z: 'Europe/Paris' } };

export interface SeededAssets {
  battery: Asset;
  batteryPower: Sensor;
  market: Asset;
  prices: Sensor;
  process: Asset;
  processPower: Sensor;
}

async function assetNamed(store: AssetStore, accountId: number | null, name: string, fields: Omit<AssetFields, 'name' | 'accountId'>): Promise<Asset> {
  const existing = (await store.listAssetsByAccount(accountId)).find((a) => a.name === name && a.parentAssetId === null);
  return existing ?? store.createAsset({ ...fields, name, accountId: accountId });
}

async function sensorNamed(store: AssetStore, asset: Asset, name: string, fields: Pick<Sensor, 'unit' | 'timezone' | 'eventResolution' | 'knowledgeHorizon' | 'attributes'>): Promise<Sensor> {
  const existing = (await store.listSensorsByAsset(asset.id)).find((s) => s.name === name);
  return existing ?? store.createSensor({ ...fields, name, genericAssetId: asset.id, accountId: asset.accountId });
}

/** Adds the demo battery, the demo process and the day-ahead market (see above); returns them. */
export async function seedAssets(ctx: SeedContext): Promise<SeededAssets> {
  const store = ctx.deps.assets;
  await store.ensureDefaultAssetTypes();
  const type = async (name: string) => {
    const t = await store.getAssetTypeByName(name);
    if (!t) throw new Error(`asset type ${name} is missing after seeding the default types`);
    return t.id;
  };
  const noRefs = { consumptionPriceSensorId: null, productionPriceSensorId: null, inflexibleDeviceSensorIds: [] };

  const market = await assetNamed(store, null, DAY_AHEAD_MARKET, {
    genericAssetTypeId: await type('market'),
    latitude: null,
    longitude: null,
    parentAssetId: null,
    attributes: {},
    ...noRefs,
  });
  const prices = await sensorNamed(store, market, DAY_AHEAD_PRICES, {
    unit: 'EUR/MWh',
    timezone: 'Europe/Amsterdam',
    eventResolution: 3_600_000,
    knowledgeHorizon: DAY_AHEAD_KNOWLEDGE_HORIZON,
    attributes: {},
  });
  // The demo battery and the demo process stand at the same site and are priced by the same sensor.
  const site = { latitude: 52.3702157, longitude: 4.8951679, parentAssetId: null, attributes: {}, ...noRefs, consumptionPriceSensorId: prices.id };
  const quarterHourly = { timezone: 'Europe/Amsterdam', eventResolution: 15 * 60_000, knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON };
  const battery = await assetNamed(store, ctx.account.id, DEMO_BATTERY, { genericAssetTypeId: await type('battery'), ...site, productionPriceSensorId: prices.id });
  const batteryPower = await sensorNamed(store, battery, DEMO_BATTERY_POWER, {
    unit: 'MW',
    ...quarterHourly,
    attributes: { capacity_in_mw: 2, max_soc_in_mwh: 5, min_soc_in_mwh: 0.5 },
  });
  const processAsset = await assetNamed(store, ctx.account.id, DEMO_PROCESS, { genericAssetTypeId: await type('process'), ...site });
  const processPower = await sensorNamed(store, processAsset, DEMO_PROCESS_POWER, { unit: 'kW', ...quarterHourly, attributes: {} });
  return { battery, batteryPower, market, prices, process: processAsset, processPower };
}
