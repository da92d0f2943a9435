import { accessKeySecretIdentity, type Barrier } from "../../core/barrier.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { AccountRepository, CredentialRepository } from "../../ports/credential-repository.js";
import type { Clock } from "../../ports/clock.js";
import { randomId, rootPrincipalArn } from "./principals.js";

export { rootPrincipalArn } from "./principals.js";

export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: SecretBytes;
}

export type BootstrapResult =
  | { readonly outcome: "existing" }
  | { readonly outcome: "from-environment"; readonly accessKeyId: string }
  | { readonly outcome: "generated"; readonly credentials: AdminCredentials };

const ACCESS_KEY_ID = /^[A-Za-z0-9_]{16,128}$/;
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export class InvalidAdminCredentialsError extends Error {}

/**
 * AWS-shaped credentials: AKIA (long-term) or ASIA (temporary) + 16 base-32 characters, and a
 * 40-character secret.
 */
export function generateAccessKey(randomBytes: (n: number) => Buffer, prefix: "AKIA" | "ASIA" = "AKIA"): AdminCredentials {
  const accessKeyId = randomId(prefix, 16, randomBytes);
  const secretBytes = randomBytes(40);
  const secret = Buffer.alloc(40);
  secretBytes.forEach((b, i) => (secret[i] = SECRET_ALPHABET.charCodeAt(b & 63)));
  secretBytes.fill(0);
  return { accessKeyId, secretAccessKey: SecretBytes.adopt(secret) };
}

/**
 * On the first unsealed start, gives the account's root principal its access key: the one from the
 * environment when set, otherwise a generated one that the caller must show once. Later starts
 * change nothing. The secret is stored only as a sealed box under the barrier.
 */
export async function bootstrapAdmin(
  deps: { accounts: AccountRepository; credentials: CredentialRepository; barrier: Barrier; clock: Clock; randomBytes: (n: number) => Buffer },
  scope: { partition: string; accountId: string },
  fromEnvironment: { accessKeyId: string; secretAccessKey: SecretBytes } | undefined,
): Promise<BootstrapResult> {
  const principalArn = rootPrincipalArn(scope.partition, scope.accountId);
  await deps.accounts.ensure(scope.accountId, deps.clock.now());
  if ((await deps.credentials.countForPrincipal(principalArn)) > 0) return { outcome: "existing" };
  if (fromEnvironment !== undefined) {
    if (!ACCESS_KEY_ID.test(fromEnvironment.accessKeyId)) {
      throw new InvalidAdminCredentialsError("STRONGBOX_ADMIN_ACCESS_KEY_ID must be 16 to 128 letters, digits or underscores");
    }
    if (fromEnvironment.secretAccessKey.length < 1 || fromEnvironment.secretAccessKey.length > 128) {
      throw new InvalidAdminCredentialsError("STRONGBOX_ADMIN_SECRET_ACCESS_KEY must be 1 to 128 characters");
    }
  }
  const credentials = fromEnvironment ?? generateAccessKey(deps.randomBytes);
  const created = await deps.credentials.create({
    accessKeyId: credentials.accessKeyId,
    accountId: scope.accountId,
    principalArn,
    wrappedSecret: deps.barrier.seal(credentials.secretAccessKey, accessKeySecretIdentity(credentials.accessKeyId)),
    status: "Active",
    createdAt: deps.clock.now(),
  });
  if (!created) throw new InvalidAdminCredentialsError(`access key id ${credentials.accessKeyId} already belongs to another principal`);
  return fromEnvironment !== undefined ? { outcome: "from-environment", accessKeyId: credentials.accessKeyId } : { outcome: "generated", credentials };
}
