import type { AliasRepository } from "./alias-repository.js";
import type { AuditRepository } from "./audit-repository.js";
import type { CustomKeyStoreRepository } from "./custom-key-store-repository.js";
import type { ConfigHistoryRepository } from "./config-history.js";
import type { FindingsRepository } from "./findings-repository.js";
import type { AccountRepository, CredentialRepository } from "./credential-repository.js";
import type { GrantRepository } from "./grant-repository.js";
import type { IamRepository } from "./iam-repository.js";
import type { KeyRepository } from "./key-repository.js";
import type { ParameterRepository } from "./parameter-repository.js";
import type { SecretRepository } from "./secret-repository.js";
import type { SystemRepository } from "./system-repository.js";

/** Everything Strongbox persists. One adapter per engine (SQLite now, PostgreSQL later). */
export interface Store {
  readonly keys: KeyRepository;
  readonly aliases: AliasRepository;
  readonly grants: GrantRepository;
  readonly credentials: CredentialRepository;
  readonly accounts: AccountRepository;
  readonly iam: IamRepository;
  readonly system: SystemRepository;
  readonly audit: AuditRepository;
  readonly configHistory: ConfigHistoryRepository;
  readonly findings: FindingsRepository;
  readonly customKeyStores: CustomKeyStoreRepository;
  readonly secrets: SecretRepository;
  readonly parameters: ParameterRepository;
  close(): Promise<void>;
}
