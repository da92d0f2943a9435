import { KMSClient } from "@aws-sdk/client-kms";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { ADMIN, REGION } from "./server.js";

export interface ServiceClients {
  readonly kms: KMSClient;
  readonly secrets: SecretsManagerClient;
  readonly ssm: SSMClient;
}

/** Runs `use` with a KMS, a Secrets Manager and an SSM client for `url` (no retries), and closes them after. */
export async function withClients<T>(url: string, use: (clients: ServiceClients) => Promise<T>, credentials: { accessKeyId: string; secretAccessKey: string } = ADMIN): Promise<T> {
  const config = { endpoint: url, region: REGION, credentials, maxAttempts: 1 };
  const clients = { kms: new KMSClient(config), secrets: new SecretsManagerClient(config), ssm: new SSMClient(config) };
  try {
    return await use(clients);
  } finally {
    clients.kms.destroy();
    clients.secrets.destroy();
    clients.ssm.destroy();
  }
}
