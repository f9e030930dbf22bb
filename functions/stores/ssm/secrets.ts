/**
 * Secrets as SSM Parameter Store SecureStrings, read with decryption. The operator creates them;
 * the stack only grants `ssm:GetParameter` on the one parameter a function needs.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SecretSource } from '../../core/ports/secrets.js';

export class SsmSecretSource implements SecretSource {
  private client?: SSMClient;

  /** `region`: undefined leaves it to the SDK's default chain (Lambda's own region). */
  constructor(private readonly region?: string) {}

  async read(name: string): Promise<string | undefined> {
    this.client ??= new SSMClient({ region: this.region });
    const out = await this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return out.Parameter?.Value;
  }

  /** Closes the client's connections (a new one is made on the next read). */
  destroy(): void {
    this.client?.destroy();
    this.client = undefined;
  }
}
