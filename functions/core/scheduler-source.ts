/** The data source a scheduler writes its schedules with: "Seita", the scheduler's model name and version. */
export function schedulerSource<M extends string, V extends string>(model: M, version: V) {
  return { name: 'Seita', type: 'scheduler', model, version, accountId: null, userId: null } as const;
}
