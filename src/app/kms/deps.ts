import type { Barrier } from "../../core/barrier.js";
import type { KeyRepository } from "../../ports/key-repository.js";
import type { AliasRepository } from "../../ports/alias-repository.js";
import type { AuditRepository } from "../../ports/audit-repository.js";
import type { Clock } from "../../ports/clock.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";
import type { GrantRepository } from "../../ports/grant-repository.js";
import type { AuthorizeAccess, AuthorizeKeyAccess } from "../authorize.js";
import type { KeyMaterialVault } from "./key-material.js";
import type { KeyStores } from "./key-stores.js";
import type { CustomKeyStoreRepository } from "../../ports/custom-key-store-repository.js";
import type { CustomKeyStoreLocator } from "../../core/kms/custom-key-store.js";
import type { KeyResolver } from "./key-resolver.js";

/** What the KMS use cases need; each factory picks only the parts it uses. */
export interface KmsDeps {
  readonly keys: KeyRepository;
  readonly aliases: AliasRepository;
  readonly grants: GrantRepository;
  readonly resolveKey: KeyResolver;
  readonly material: KeyMaterialVault;
  /** The barrier, for what is sealed outside the material vault: import tokens, commitment keys, imported material. */
  readonly barrier: () => Barrier;
  /** CloudHSM key store definitions (persisted). */
  readonly customKeyStores: CustomKeyStoreRepository;
  /** Their connections to PKCS#11 tokens, and the cryptography done inside them (runtime). */
  readonly keyStores: KeyStores;
  /** Told when the operator connects or disconnects a store, so other processes (workers) follow. */
  readonly onKeyStoreConnection?: (store: CustomKeyStoreLocator, connect: boolean) => void;
  readonly clock: Clock;
  readonly randomBytes: (length: number) => Buffer;
  /** The policy gate for uses of a key (key policy, identity policies, grants). */
  readonly authorizeKey: AuthorizeKeyAccess;
  /** The policy gate for actions on no key (CreateKey, ListKeys, ...): identity policies. */
  readonly authorize: AuthorizeAccess;
  /** Principals by ARN: key policies may name only principals that exist. */
  readonly principals: PrincipalDirectory;
  /** The audit trail's record of each key's last cryptographic use. */
  readonly usageHistory: Pick<AuditRepository, "lastUse" | "trackingStart">;
}
