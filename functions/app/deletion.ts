/**
 * Deletes that span two stores: a sensor's beliefs live in the belief store, the sensor in the
 * entity store. Beliefs go first, so that a failure leaves the sensor (and the asset) in place and
 * the same DELETE can be retried; nothing is left that no endpoint could reach. (On Timestream,
 * which cannot delete, the beliefs stay, unreachable because sensor ids are never reused.)
 */
import type { Sensor } from '../core/assets/model.js';
import type { AssetStore, AssetTree, SensorDataPurger } from '../core/ports/assets.js';

/** The ports a cascading delete needs: the entity store and the belief store's purge. */
export interface DeletionPorts {
  readonly assets: AssetStore;
  readonly beliefs: SensorDataPurger;
}

/** Deletes the sensor's beliefs, then the sensor (and references to it from assets). */
export async function deleteSensorWithData(deps: DeletionPorts, sensor: Sensor): Promise<void> {
  await deps.beliefs.deleteSensorData(sensor.id);
  await deps.assets.deleteSensor(sensor);
}

/** Deletes the beliefs of every sensor in the tree, then the tree: sensors, child assets, the asset. */
export async function deleteAssetTreeWithData(deps: DeletionPorts, tree: AssetTree): Promise<void> {
  for (const sensor of tree.sensors) await deps.beliefs.deleteSensorData(sensor.id);
  await deps.assets.deleteAssetTree(tree);
}
