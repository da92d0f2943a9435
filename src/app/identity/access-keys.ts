import { accessKeySecretIdentity, type Barrier } from "../../core/barrier.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { AccessKeyRecord, CredentialRepository, SessionRecord } from "../../ports/credential-repository.js";
import type { IamRepository } from "../../ports/iam-repository.js";
import { BoundedCache, type BoundedCacheOptions } from "../bounded-cache.js";
import type { Caller } from "../context.js";
import { assumedRoleArn, principalTags, roleArn, userArn } from "./principals.js";

export interface ResolvedAccessKey {
  readonly caller: Caller;
  readonly secret: SecretBytes;
  /** Derived SigV4 signing keys of this access key, by credential scope; wiped with the entry. */
  readonly signingKeys: Map<string, SecretBytes>;
  /** Temporary credentials only: what the session token must hash to, and when they expire. */
  readonly session?: { readonly tokenHash: Buffer; readonly expiresAt: Date };
}

export interface AccessKeyDirectoryDeps {
  readonly credentials: Pick<CredentialRepository, "find" | "findSession">;
  readonly iam: Pick<IamRepository, "userById" | "roleById">;
  readonly barrier: () => Barrier;
  readonly partition: string;
}

/**
 * Active access keys and sessions with their unwrapped secrets and their principal, cached
 * briefly so that a signed request does not read and unwrap the secret each time. Entries are
 * wiped on eviction and on seal; IAM forgets an entry at once when its key is disabled or
 * deleted, or its principal's tags change.
 */
export class AccessKeyDirectory {
  readonly #cache: BoundedCache<ResolvedAccessKey>;
  /** Counts forget() calls: a load that overlapped one may have read what was just revoked. */
  #forgets = 0;

  constructor(
    private readonly deps: AccessKeyDirectoryDeps,
    options: BoundedCacheOptions,
  ) {
    this.#cache = new BoundedCache<ResolvedAccessKey>({ ...options, onEvict: wipeEntry });
  }

  /**
   * Lends the caller and secret behind an access key id to `fn`, synchronously after loading, so
   * no eviction can wipe them mid-use. `fn` receives undefined for unknown or inactive keys, and
   * for keys whose user or role is gone. Expired sessions are lent: the caller reports them.
   */
  async withAccessKey<T>(accessKeyId: string, fn: (entry: ResolvedAccessKey | undefined) => T): Promise<T> {
    const cached = this.#cache.get(accessKeyId);
    if (cached !== undefined) return fn(cached);
    const forgets = this.#forgets;
    const loaded = await this.#load(accessKeyId);
    if (loaded === undefined) return fn(undefined);
    if (forgets !== this.#forgets) {
      // Serve the request that asked, but cache nothing that may be stale.
      try {
        return fn(loaded);
      } finally {
        wipeEntry(loaded);
      }
    }
    return fn(this.#cache.setIfAbsent(accessKeyId, loaded));
  }

  async #load(accessKeyId: string): Promise<ResolvedAccessKey | undefined> {
    const record = await this.deps.credentials.find(accessKeyId);
    if (record !== undefined) {
      const caller = record.status === "Active" ? await this.#longTermCaller(record) : undefined;
      return caller && { caller, secret: this.#open(record.wrappedSecret, accessKeyId), signingKeys: new Map() };
    }
    const session = await this.deps.credentials.findSession(accessKeyId);
    const caller = session && (await this.#sessionCaller(session));
    if (session === undefined || caller === undefined) return undefined;
    return { caller, secret: this.#open(session.wrappedSecret, accessKeyId), signingKeys: new Map(), session: { tokenHash: session.tokenHash, expiresAt: session.expiresAt } };
  }

  async #longTermCaller(record: AccessKeyRecord): Promise<Caller | undefined> {
    const { accountId, accessKeyId } = record;
    if (record.userId === undefined) {
      return { accountId, principalArn: record.principalArn, accessKeyId, principalType: "Root", userId: accountId, principalTags: {} };
    }
    const user = await this.deps.iam.userById(record.userId);
    if (user === undefined) return undefined;
    return {
      accountId,
      principalArn: userArn(this.deps.partition, accountId, user.path, user.userName),
      accessKeyId,
      principalType: "User",
      userId: user.userId,
      userName: user.userName,
      principalTags: principalTags(user.tags),
    };
  }

  async #sessionCaller(session: SessionRecord): Promise<Caller | undefined> {
    const role = await this.deps.iam.roleById(session.roleId);
    if (role === undefined) return undefined;
    const { partition } = this.deps;
    return {
      accountId: session.accountId,
      principalArn: assumedRoleArn(partition, session.accountId, role.roleName, session.sessionName),
      accessKeyId: session.accessKeyId,
      principalType: "AssumedRole",
      userId: `${role.roleId}:${session.sessionName}`,
      roleArn: roleArn(partition, role.accountId, role.path, role.roleName),
      sessionIssuedAt: session.createdAt,
      principalTags: principalTags(role.tags),
    };
  }

  #open(wrappedSecret: Buffer, accessKeyId: string): SecretBytes {
    const secret = this.deps.barrier().open(wrappedSecret, accessKeySecretIdentity(accessKeyId));
    if (secret === undefined) throw new Error(`the stored secret of access key ${accessKeyId} does not open`);
    return secret;
  }

  forget(accessKeyId: string): void {
    this.#forgets++;
    this.#cache.delete(accessKeyId);
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }

  wipe(): void {
    this.#cache.clear();
  }
}

function wipeEntry(entry: ResolvedAccessKey): void {
  entry.secret.dispose();
  for (const key of entry.signingKeys.values()) key.dispose();
  entry.signingKeys.clear();
}
