/**
 * The generic asset types every installation starts with: those FlexMeasures' initial structure
 * adds (solar … process), plus the ones our scheduler and price ingestion rely on (`load` for the
 * ProcessScheduler, `weather station`, `market`). Seeded in this order, so a fresh installation
 * gets the same ids everywhere.
 */
export interface AssetTypeSeed {
  name: string;
  description: string;
}

export const DEFAULT_ASSET_TYPES: readonly AssetTypeSeed[] = [
  { name: 'solar', description: 'solar panel(s)' },
  { name: 'wind', description: 'wind turbine' },
  { name: 'one-way_evse', description: 'uni-directional Electric Vehicle Supply Equipment' },
  { name: 'two-way_evse', description: 'bi-directional Electric Vehicle Supply Equipment' },
  { name: 'battery', description: 'stationary battery' },
  { name: 'building', description: 'building' },
  { name: 'process', description: 'process' },
  { name: 'load', description: 'load (inflexible or shiftable consumption)' },
  { name: 'weather station', description: 'weather station' },
  { name: 'market', description: 'energy market (e.g. day-ahead prices)' },
];

/** Asset types whose power sensors the StorageScheduler schedules (docs/contract/api.md §7.3). */
export const STORAGE_ASSET_TYPES = ['battery', 'one-way_evse', 'two-way_evse'] as const;
/** Asset types whose power sensors the ProcessScheduler schedules (docs/contract/api.md §7.3). */
export const PROCESS_ASSET_TYPES = ['process', 'load'] as const;
