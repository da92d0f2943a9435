import type { CustomKeyStoreLocator } from "../core/kms/custom-key-store.js";
import type { KeyLocator } from "../core/kms/kms-key.js";

/**
 * Something a process keeps in memory changed in the store, or the operator sealed it. With one
 * process these are delivered at once; with several workers (`--workers N`) each is also relayed,
 * through the primary, to every other worker, so a cache there does not keep serving what was
 * revoked (docs/workers.md states the bound).
 */
export type InvalidationEvent =
  /** An access key or session was disabled, deleted or its principal changed: forget its cached secret and caller. */
  | { readonly kind: "accessKey"; readonly id: string }
  /** A KMS key's record or material changed: forget what is cached of it (its unwrapped material, its record). */
  | { readonly kind: "key"; readonly locator: KeyLocator }
  /** A grant on a KMS key was created, retired or revoked: forget the key's cached grants. */
  | { readonly kind: "grants"; readonly locator: KeyLocator }
  /** A user's or role's inline policies were written: forget the ones cached for it. */
  | { readonly kind: "inlinePolicies"; readonly principalKind: "user" | "role"; readonly principalId: string }
  /** A secret was written: forget it, the name it is found by, and the versions whose sealed value the write changed. */
  | { readonly kind: "secret"; readonly arn: string; readonly accountId: string; readonly region: string; readonly name: string; readonly versionIds: readonly string[] }
  /** An alias was created, re-pointed or deleted. */
  | { readonly kind: "alias"; readonly accountId: string; readonly region: string; readonly aliasName: string }
  /**
   * The operator connected or disconnected a custom key store: every process follows (a token
   * login is per process). A store FAILED in a process stays so until disconnected, as in AWS.
   */
  | { readonly kind: "customKeyStore"; readonly locator: CustomKeyStoreLocator; readonly connect: boolean }
  /** Forget every cached entry that can go stale (access keys, key records and material, aliases, inline policies, grants, secrets). */
  | { readonly kind: "all" }
  /** The operator sealed one process: every process seals (wipes its unwrapped keys). */
  | { readonly kind: "seal" }
  /** The operator unsealed one process through an HSM seal: every sealed process opens the HSM seal itself. */
  | { readonly kind: "unseal" };

export type InvalidationListener = (event: InvalidationEvent) => void;

export interface Invalidation {
  /**
   * Tells every subscriber of this process synchronously (so the publisher's own caches are
   * current when publish returns), then every other process asynchronously.
   */
  publish(event: InvalidationEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: InvalidationListener): () => void;
}
