/** Asset field rules and messages (docs/contract/api.md §7.5, §7.8, §7.10). */

/** An asset named like a sibling (same parent, or same account at the top level). */
export function duplicateAssetNameMessage(name: string, parentId: number | null): string {
  return `An asset with the name '${name}' already exists under parent asset with id=${parentId ?? 'None'}.`;
}

export const unknownAssetTypeMessage = (id: number) => `GenericAssetType with id ${id} doesn't exist.`;
export const unknownParentMessage = (id: number) => `Parent GenericAsset with id ${id} doesn't exist.`;
export const unknownAccountMessage = (id: number) => `Account with Id ${id} doesn't exist.`;
export const unknownGenericAssetMessage = (id: number) => `Generic asset with id ${id} doesn't exist.`;
export const NOT_ALLOWED_FOR_ACCOUNT = 'User is not allowed to create assets for this account.';
export const OWN_PARENT = 'An asset cannot be its own parent.';
export const PARENT_CYCLE = 'An asset cannot be placed under one of its own descendants.';
/** The longest asset name (characters). */
export const NAME_MAX_LENGTH = 80;
/** The longest sensor name (characters). */
export const SENSOR_NAME_MAX_LENGTH = 120;

/**
 * `inflexible_device_sensor_ids` as stored: `[-1]` is FlexMeasures' way to clear the list.
 */
export function normaliseInflexibleSensorIds(ids: readonly number[]): number[] {
  if (ids.length === 1 && ids[0] === -1) return [];
  return [...new Set(ids)];
}
