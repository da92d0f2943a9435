import { accessKeySecretIdentity, type Barrier } from "../../core/barrier.js";
import type { AccountRepository, CredentialRepository } from "../../ports/credential-repository.js";
import type { Clock } from "../../ports/clock.js";
import { generateAccessKey, type AdminCredentials } from "./bootstrap-admin.js";
import { rootPrincipalArn } from "./principals.js";

export class AccountExistsError extends Error {}

/**
 * `strongbox account create`: a new account and the access key of its root principal. The
 * caller shows the secret once and disposes it; the store keeps it only as a sealed box.
 */
export async function createAccount(
  deps: { accounts: AccountRepository; credentials: CredentialRepository; barrier: Barrier; clock: Clock; randomBytes: (n: number) => Buffer },
  scope: { partition: string; accountId: string },
): Promise<AdminCredentials> {
  if (!(await deps.accounts.ensure(scope.accountId, deps.clock.now()))) throw new AccountExistsError(`account ${scope.accountId} exists already`);
  const credentials = generateAccessKey(deps.randomBytes);
  const created = await deps.credentials.create({
    accessKeyId: credentials.accessKeyId,
    accountId: scope.accountId,
    principalArn: rootPrincipalArn(scope.partition, scope.accountId),
    wrappedSecret: deps.barrier.seal(credentials.secretAccessKey, accessKeySecretIdentity(credentials.accessKeyId)),
    status: "Active",
    createdAt: deps.clock.now(),
  });
  if (!created) {
    credentials.secretAccessKey.dispose();
    throw new Error(`the generated access key id ${credentials.accessKeyId} exists already`);
  }
  return credentials;
}
