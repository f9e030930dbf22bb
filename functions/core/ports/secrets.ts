/** Where operator-managed secrets come from, independent of the AWS service that keeps them. */
export interface SecretSource {
  /**
   * The decrypted value of the secret `name`, or undefined when it holds none. Rejects when it
   * cannot be read, with an error that names the secret (and the caller), never a value.
   */
  read(name: string): Promise<string | undefined>;
}
