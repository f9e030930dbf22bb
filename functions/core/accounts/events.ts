/** Texts of account and user audit events (docs/contract/api.md §7.13, §7.14, §12.6). */

const pyBool = (b: boolean) => (b ? 'True' : 'False');

export const accountUpdatedEvent = (name: string, modifiedFields: readonly string[]) =>
  `Account ${name} has been updated. Modified fields: ${modifiedFields.join(', ')}`;

export const activeStatusEvent = (active: boolean, username: string) => `Active status set to '${pyBool(active)}' for user ${username}`;

export const passwordResetEvent = (username: string) => `Password reset for user ${username}`;

/** Written by the admin CLI when it creates a user. */
export const userCreatedEvent = (username: string) => `User ${username} created`;

/** Written by the admin CLI when it creates an account. */
export const accountCreatedEvent = (name: string) => `Account ${name} created`;
