/**
 * The built-in PostgreSQL rotation function: AWS's SecretsManagerRDSPostgreSQLRotationSingleUser
 * and ...MultiUser templates (aws-samples/aws-secrets-manager-rotation-lambdas), step for step.
 *
 * - single-user: the user changes its own password (logging in with AWSCURRENT, else AWSPREVIOUS).
 * - alternating-users: the secret alternates between `user` and `user_clone`; the superuser secret
 *   named by `masterarn` creates the clone on the first rotation (CREATE ROLE … LOGIN, then
 *   GRANT user TO clone, so the clone holds the user's privileges) and sets the password of the
 *   user being rotated in. The other user keeps working throughout.
 *
 * Passwords never reach a message. ALTER/CREATE ROLE cannot take bind parameters, so the identifier
 * is quoted client-side (escapeIdentifier) and the password is sent as a SCRAM-SHA-256 verifier,
 * which keeps it out of the server's statement log too (a non-ASCII password, which SASLprep could
 * change, is sent as an escaped literal instead and the server hashes it).
 */
import pg from "pg";
import { scramSha256Verifier } from "../../core/crypto/scram.js";
import { ServiceError } from "../../core/errors.js";
import type { Random } from "../../ports/random.js";
import { RotationStepFailed, type RotationFunction, type RotationInvocation, type RotationSecrets, type RotationStep } from "../../ports/rotation.js";
import { alternateUsername, BadSecret, logIn, parseCredentials, withClient, type DbCredentials } from "./postgres-credentials.js";

export type PostgresRotationStrategy = "single-user" | "alternating-users";

export interface PostgresRotatorOptions {
  readonly strategy: PostgresRotationStrategy;
  readonly random: Random;
  /** Per connection attempt and per query. AWS's templates use 5 s. */
  readonly timeoutMs?: number;
  readonly passwordLength?: number;
  /** AWS's templates' default EXCLUDE_CHARACTERS: characters that break connection strings and URLs. */
  readonly excludeCharacters?: string;
}

export const DEFAULT_EXCLUDE_CHARACTERS = ":/@\"'\\";
const DEFAULT_PASSWORD_LENGTH = 32;
const DEFAULT_TIMEOUT_MS = 5000;

/** A step's failure, with a message fit for DescribeSecret and the trail. */
class Refused extends Error {}

export function postgresRotator(options: PostgresRotatorOptions): RotationFunction {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const alternating = options.strategy === "alternating-users";

  async function read(secrets: RotationSecrets, secretId: string, selector: { versionStage: string } | { versionId: string }, what: string): Promise<DbCredentials | undefined> {
    const text = await secrets.getSecretString(secretId, selector);
    return text === undefined ? undefined : parseCredentials(text, what);
  }

  async function required(secrets: RotationSecrets, secretId: string, selector: { versionStage: string } | { versionId: string }, what: string): Promise<DbCredentials> {
    const credentials = await read(secrets, secretId, selector, what);
    if (credentials === undefined) throw new Refused(`the secret has no ${what} version`);
    return credentials;
  }

  async function createSecret(secrets: RotationSecrets, { secretId, clientRequestToken: token }: RotationInvocation): Promise<void> {
    const current = await required(secrets, secretId, { versionStage: "AWSCURRENT" }, "AWSCURRENT");
    if ((await secrets.getSecretString(secretId, { versionId: token })) !== undefined) return;
    const password = await secrets.randomPassword({
      passwordLength: options.passwordLength ?? DEFAULT_PASSWORD_LENGTH,
      excludeCharacters: options.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
    });
    const username = alternating ? alternateUsername(current.username) : current.username;
    await secrets.putPendingSecret(secretId, token, JSON.stringify({ ...current.fields, username, password }));
  }

  async function setSecret(secrets: RotationSecrets, { secretId, clientRequestToken: token }: RotationInvocation): Promise<void> {
    const previous = alternating ? undefined : await read(secrets, secretId, { versionStage: "AWSPREVIOUS" }, "AWSPREVIOUS").catch(() => undefined);
    const current = await required(secrets, secretId, { versionStage: "AWSCURRENT" }, "AWSCURRENT");
    const pending = await required(secrets, secretId, { versionId: token }, "AWSPENDING");
    const already = await logIn(pending, timeoutMs);
    if (already !== undefined) return withClient(already, async () => undefined);

    const expectedUser = alternating ? alternateUsername(current.username) : current.username;
    if (pending.username !== expectedUser) throw new Refused(`the pending secret names a user other than ${alternating ? "the clone of " : ""}the current secret's user`);
    if (pending.host !== current.host) throw new Refused("the pending secret names a host other than the current secret's host");

    if (!alternating) {
      let client = await logIn(current, timeoutMs);
      if (client === undefined && previous !== undefined) {
        if (previous.username !== pending.username || previous.host !== pending.host) throw new Refused("the AWSPREVIOUS secret names another user or host");
        client = await logIn(previous, timeoutMs);
      }
      if (client === undefined) throw new Refused("unable to log into the database with the previous, current or pending secret");
      return withClient(client, (c) => setPassword(c, pending, undefined));
    }

    // The current credentials must work before the superuser acts for them (AWS: confused deputy).
    const check = await logIn(current, timeoutMs);
    if (check === undefined) throw new Refused("unable to log into the database with the current secret");
    await withClient(check, async () => undefined);
    if (current.masterarn === undefined) throw new Refused("the current secret has no masterarn, which the alternating-users strategy needs");
    const master = await required(secrets, current.masterarn, { versionStage: "AWSCURRENT" }, "master");
    const masterOnDb = { ...master, dbname: current.dbname };
    if (master.host !== current.host) throw new Refused("the master secret's host differs from the current secret's host");
    const admin = await logIn(masterOnDb, timeoutMs);
    if (admin === undefined) throw new Refused("unable to log into the database with the master secret");
    await withClient(admin, (c) => setPassword(c, pending, current.username));
  }

  /** ALTER USER pending PASSWORD …; with `grantFrom`, a missing role is created with LOGIN and granted `grantFrom`'s role. */
  async function setPassword(client: pg.Client, pending: DbCredentials, grantFrom: string | undefined): Promise<void> {
    const role = client.escapeIdentifier(pending.username);
    const secret = /^[\x20-\x7e]*$/.test(pending.password) ? client.escapeLiteral(scramSha256Verifier(pending.password, options.random.bytes(16))) : client.escapeLiteral(pending.password);
    try {
      await client.query("BEGIN");
      const exists = grantFrom === undefined || (await client.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [pending.username])).rowCount !== 0;
      if (exists) await client.query(`ALTER USER ${role} WITH PASSWORD ${secret}`);
      else {
        await client.query(`CREATE ROLE ${role} WITH LOGIN PASSWORD ${secret}`);
        await client.query(`GRANT ${client.escapeIdentifier(grantFrom)} TO ${role}`);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw new Refused(`could not set the pending user's password: ${databaseReason(error, pending.password)}`);
    }
  }

  async function testSecret(secrets: RotationSecrets, { secretId, clientRequestToken: token }: RotationInvocation): Promise<void> {
    const pending = await required(secrets, secretId, { versionId: token }, "AWSPENDING");
    const client = await logIn(pending, timeoutMs);
    if (client === undefined) throw new Refused("unable to log into the database with the pending secret");
    await withClient(client, async (c) => {
      try {
        await c.query("SELECT NOW()");
      } catch (error) {
        throw new Refused(`the pending secret logs in but cannot query: ${databaseReason(error, pending.password)}`);
      }
    });
  }

  async function finishSecret(secrets: RotationSecrets, { secretId, clientRequestToken: token }: RotationInvocation): Promise<void> {
    const stages = await secrets.versionStages(secretId);
    if (stages[token]?.includes("AWSCURRENT") === true) return;
    await secrets.finish(secretId, token);
  }

  const steps: Record<RotationStep, (secrets: RotationSecrets, invocation: RotationInvocation) => Promise<void>> = { createSecret, setSecret, testSecret, finishSecret };

  return {
    async run(invocation: RotationInvocation, secrets: RotationSecrets): Promise<void> {
      const { step, secretId, clientRequestToken: token } = invocation;
      try {
        // The checks every AWS template makes before any step.
        const stages = (await secrets.versionStages(secretId))[token];
        if (stages === undefined) throw new Refused(`secret version ${token} has no stage for rotation of secret ${secretId}`);
        if (stages.includes("AWSCURRENT")) return;
        if (!stages.includes("AWSPENDING")) throw new Refused(`secret version ${token} is not set as AWSPENDING for rotation of secret ${secretId}`);
        await steps[step](secrets, invocation);
      } catch (error) {
        throw new RotationStepFailed(step, `${step}: ${reason(error)}`);
      }
    },
  };
}

function reason(error: unknown): string {
  if (error instanceof Refused || error instanceof BadSecret) return error.message;
  // Secrets Manager's own errors carry AWS texts, never values.
  if (error instanceof ServiceError) return `${error.type}: ${error.message}`;
  return `unexpected ${error instanceof Error ? error.name : "error"}`;
}

/** The server's reason (SQLSTATE and message), unless it could quote the password. */
function databaseReason(error: unknown, password: string): string {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  const message = typeof e?.message === "string" && !e.message.includes(password) ? e.message.slice(0, 200) : undefined;
  return [message, code === undefined ? undefined : `(SQLSTATE ${code})`].filter((p) => p !== undefined).join(" ") || "database error";
}
