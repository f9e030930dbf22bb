/**
 * Deletes that span two stores: a sensor's beliefs live in the belief store, the sensor in the
 * entity store. Beliefs go first, so that a failure leaves the sensor (and the asset) in place and
 * the same DELETE can be retried; nothing is left that no endpoint could reach.
 */
import type { Sensor } from '../core/assets/model.js';
import type { AssetStore, AssetTree, SensorDataPurger } from '../core/ports/assets.js';

/** Deletes the sensor's beliefs, then the sensor (and references to it from assets). */
export async function deleteSensorWithData(sensor: Sensor, store: AssetStore, purger: SensorDataPurger): Promise<void> {
  await purger.deleteSensorData(sensor.id);
  await store.deleteSensor(sensor);
}

/** Deletes the beliefs of every sensor in the tree, then the tree: sensors, child assets, the asset. */
export async function deleteAssetTreeWithData(tree: AssetTree, store: AssetStore, purger: SensorDataPurger): Promise<void> {
  for (const sensor of tree.sensors) await purger.deleteSensorData(sensor.id);
  await store.deleteAssetTree(tree);
}
