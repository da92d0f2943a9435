/**
 * The head of a backup file (`strongbox backup`): a magic line, then one line of JSON describing
 * the SQLite snapshot that follows it byte for byte (docs/backup.md). The snapshot is the store as
 * it was: key material and secret values still wrapped under the barrier and the root key.
 */
export const BACKUP_MAGIC = "STRONGBOX BACKUP 1";
/** The head is read before anything else; a file whose head is longer is not a backup. */
export const MAX_BACKUP_HEAD_BYTES = 64 * 1024;

export type BackupSealType = "shamir" | "passphrase" | "pkcs11" | "dev";

export interface BackupManifest {
  readonly format: 1;
  readonly createdAt: string;
  readonly strongboxVersion: string;
  readonly schemaVersion: number;
  readonly seal: BackupSealType;
  readonly database: { readonly bytes: number; readonly sha256: string };
  /**
   * Only for a --dev data dir, whose root key sits unprotected beside its store anyway: without it
   * the backup could never be restored. Such a backup is as INSECURE as the data dir it came from.
   */
  readonly devRootKeyFile?: string;
  /** Beside devRootKeyFile, for anyone who opens the file: what it gives away. */
  readonly warning?: string;
}

/** The warning a backup that carries its root key bears in its manifest. */
export const INSECURE_BACKUP_WARNING =
  "INSECURE: this backup carries the --dev root key of its data dir; anyone who reads it can decrypt every key, secret and parameter in it. For development and CI only.";

export class BackupFormatError extends Error {}

export function encodeBackupHead(manifest: BackupManifest): Buffer {
  const head = Buffer.from(`${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`, "utf8");
  if (head.length > MAX_BACKUP_HEAD_BYTES) throw new BackupFormatError("the backup manifest is too large");
  return head;
}

/** Reads the head from the first bytes of a file; `bodyOffset` is where the snapshot starts. */
export function decodeBackupHead(first: Buffer): { manifest: BackupManifest; bodyOffset: number } {
  const magicEnd = first.indexOf(0x0a);
  if (magicEnd < 0 || first.subarray(0, magicEnd).toString("latin1") !== BACKUP_MAGIC) {
    throw new BackupFormatError("it is not a Strongbox backup (its first line is not the backup header)");
  }
  const manifestEnd = first.indexOf(0x0a, magicEnd + 1);
  if (manifestEnd < 0) throw new BackupFormatError("its header is cut short");
  let parsed: unknown;
  try {
    parsed = JSON.parse(first.subarray(magicEnd + 1, manifestEnd).toString("utf8"));
  } catch {
    throw new BackupFormatError("its manifest is not JSON");
  }
  return { manifest: checkManifest(parsed), bodyOffset: manifestEnd + 1 };
}

const SEALS: readonly string[] = ["shamir", "passphrase", "pkcs11", "dev"];

function checkManifest(value: unknown): BackupManifest {
  const m = value as Partial<Record<keyof BackupManifest, unknown>> | null;
  const database = m?.database as { bytes?: unknown; sha256?: unknown } | undefined;
  const problems = [
    m?.format !== 1 && "format",
    (typeof m?.createdAt !== "string" || Number.isNaN(Date.parse(m.createdAt))) && "createdAt",
    typeof m?.strongboxVersion !== "string" && "strongboxVersion",
    (!Number.isInteger(m?.schemaVersion) || (m?.schemaVersion as number) < 1) && "schemaVersion",
    (typeof m?.seal !== "string" || !SEALS.includes(m.seal)) && "seal",
    (!Number.isSafeInteger(database?.bytes) || (database?.bytes as number) < 0) && "database.bytes",
    (typeof database?.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(database.sha256)) && "database.sha256",
    m?.devRootKeyFile !== undefined && (typeof m.devRootKeyFile !== "string" || m.seal !== "dev") && "devRootKeyFile",
    m?.seal === "dev" && m.devRootKeyFile === undefined && "devRootKeyFile",
    m?.warning !== undefined && typeof m.warning !== "string" && "warning",
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) throw new BackupFormatError(`its manifest is not valid (${problems.join(", ")})`);
  return m as BackupManifest;
}
