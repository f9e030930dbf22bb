/**
 * The assets and sensors of FlexMeasures' test world (docs/contract/api.md §12.0), added to the accounts and
 * users of `buildWorld()` directly through the asset store of the running test runtime:
 *
 *   const rt = useRuntime();
 *   let world: World; let aw: AssetsWorld;
 *   beforeAll(async () => { world = await buildWorld(); aw = await buildAssetsWorld(world); });
 *
 * On a fresh runtime the sensors get ids 1–3 in the order of the reference ("some gas sensor" is
 * sensor 1), so the Prosumer battery's `sensors_to_show` is `[1, 2]` as in FlexMeasures' fixtures.
 * Account counts match the docs/contract/api.md §12.5 listing scenarios: Prosumer 1 asset, Supplier 2, ConsultancyClient
 * 1, Dummy 0, one public asset ("troposphere"). The scheduling fixtures (a building with a battery
 * and a charging station, and the public `epex` market) are added only when asked, and an asset
 * with two children lives in the otherwise unused Multi Role Account.
 */
import { DEFAULT_KNOWLEDGE_HORIZON, withAssetDefaults, type Asset, type AssetType, type Sensor } from '../../functions/core/assets/model.js';
import type { AssetStore } from '../../functions/core/ports/assets.js';
import type { World } from './world.js';

export interface AssetsWorld {
  types: Record<string, AssetType>;
  assets: {
    troposphere: Asset;
    prosumerBattery: Asset;
    windTurbine: Asset;
    consultancyClientAsset: Asset;
    incinerationLine: Asset;
    /** In the Multi Role Account, with children `child 1` and `child 2`. */
    parentWithChildren: Asset;
    children: [Asset, Asset];
  };
  sensors: {
    gas: Sensor;
    temperature: Sensor;
    emptyTemperature: Sensor;
  };
  /** Present with `{ scheduling: true }`. */
  scheduling?: {
    building: Asset;
    battery: Asset;
    batteryPower: Sensor;
    chargingStation: Asset;
    chargingStationPower: Sensor;
    market: Asset;
    epexDa: Sensor;
  };
}

const MINUTE = 60_000;

/** Asset fields with FlexMeasures' defaults for everything not given (no owner, location, parent, attributes or links). */
export const assetFields = withAssetDefaults;

async function sensor(store: AssetStore, asset: Asset, name: string, unit: string, resolutionMs: number, attributes: Record<string, unknown> = {}): Promise<Sensor> {
  return store.createSensor({
    name,
    unit,
    timezone: 'UTC',
    eventResolution: resolutionMs,
    knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
    genericAssetId: asset.id,
    accountId: asset.accountId,
    attributes,
  });
}

/** Adds the docs/contract/api.md §12.0 assets and sensors to a world built by `buildWorld()`. */
export async function buildAssetsWorld(world: World, options: { scheduling?: boolean } = {}): Promise<AssetsWorld> {
  const store = world.deps.assets;
  await store.ensureDefaultAssetTypes();
  const types: Record<string, AssetType> = {};
  for (const t of await store.listAssetTypes()) types[t.name] = t;
  for (const name of ['waste incinerator', 'wind turbine', 'atmosphere']) {
    types[name] = (await store.getAssetTypeByName(name)) ?? (await store.createAssetType({ name, description: null }));
  }
  const { prosumer, supplier, consultancyClient, multiRole } = world.accounts;

  const incinerationLine = await store.createAsset(
    assetFields({ name: 'incineration line', genericAssetTypeId: types['waste incinerator']!.id, accountId: supplier.id, latitude: 52.37, longitude: 4.89 }),
  );
  const gas = await sensor(store, incinerationLine, 'some gas sensor', 'm³/h', 10 * MINUTE);
  const temperature = await sensor(store, incinerationLine, 'some temperature sensor', '°C', 0);
  const emptyTemperature = await sensor(store, incinerationLine, 'empty temperature sensor', '°C', 0);

  const troposphere = await store.createAsset(assetFields({ name: 'troposphere', genericAssetTypeId: types.atmosphere!.id, accountId: null }));
  const prosumerBattery = await store.createAsset(
    assetFields({
      name: 'Test grid connected battery storage',
      genericAssetTypeId: types.battery!.id,
      accountId: prosumer.id,
      latitude: 10,
      longitude: 100,
      attributes: { 'some-attribute': 'some-value', sensors_to_show: [gas.id, temperature.id] },
    }),
  );
  const windTurbine = await store.createAsset(
    assetFields({ name: 'Test wind turbine', genericAssetTypeId: types['wind turbine']!.id, accountId: supplier.id, latitude: 10, longitude: 100 }),
  );
  const consultancyClientAsset = await store.createAsset(
    assetFields({ name: 'Test ConsultancyClient Asset', genericAssetTypeId: types.wind!.id, accountId: consultancyClient.id, latitude: 10, longitude: 100 }),
  );
  const parentWithChildren = await store.createAsset(
    assetFields({ name: 'parent', genericAssetTypeId: types.building!.id, accountId: multiRole.id }),
  );
  const children: [Asset, Asset] = [
    await store.createAsset(assetFields({ name: 'child 1', genericAssetTypeId: types.battery!.id, accountId: multiRole.id, parentAssetId: parentWithChildren.id })),
    await store.createAsset(assetFields({ name: 'child 2', genericAssetTypeId: types.solar!.id, accountId: multiRole.id, parentAssetId: parentWithChildren.id })),
  ];

  const out: AssetsWorld = {
    types,
    assets: { troposphere, prosumerBattery, windTurbine, consultancyClientAsset, incinerationLine, parentWithChildren, children },
    sensors: { gas, temperature, emptyTemperature },
  };

  if (options.scheduling) {
    const market = await store.createAsset(assetFields({ name: 'epex', genericAssetTypeId: types.market!.id, accountId: null }));
    const epexDa = await sensor(store, market, 'epex_da', 'EUR/MWh', 60 * MINUTE);
    const building = await store.createAsset(
      assetFields({ name: 'Test building', genericAssetTypeId: types.building!.id, accountId: prosumer.id, latitude: 10, longitude: 100 }),
    );
    const battery = await store.createAsset(
      assetFields({
        name: 'Test battery',
        genericAssetTypeId: types.battery!.id,
        accountId: prosumer.id,
        parentAssetId: building.id,
        latitude: 10,
        longitude: 100,
        attributes: { capacity_in_mw: 2, max_soc_in_mwh: 5, min_soc_in_mwh: 0, market_id: epexDa.id, is_consumer: true, is_producer: true },
      }),
    );
    const batteryPower = await sensor(store, battery, 'power', 'MW', 15 * MINUTE);
    const chargingStation = await store.createAsset(
      assetFields({
        name: 'Test charging station',
        genericAssetTypeId: types['one-way_evse']!.id,
        accountId: prosumer.id,
        parentAssetId: building.id,
        latitude: 10,
        longitude: 100,
        attributes: { capacity_in_mw: 2, market_id: epexDa.id, is_consumer: true, is_producer: false },
      }),
    );
    const chargingStationPower = await sensor(store, chargingStation, 'power', 'MW', 15 * MINUTE);
    out.scheduling = { building, battery, batteryPower, chargingStation, chargingStationPower, market, epexDa };
  }
  return out;
}
