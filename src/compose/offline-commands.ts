/** The commands that work on a data dir offline, without a server: init, rekey, accounts, the audit trail, backup and restore. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { devSeal, loadDevRootKey } from "../adapters/seal/dev-root-key-file.js";
import { softwareRootKey } from "../adapters/seal/software-root-key.js";
import { createPassphraseSeal, recoverPassphraseRootKey, type PassphraseSealConfig } from "../adapters/seal/passphrase-seal.js";
import { createShamirSeal, decodeShare, isShareOf, protectWithShares, recoverRootKey, type ShamirSealConfig } from "../adapters/seal/shamir-seal.js";
import { requireShamirParameters, shareIndex } from "../core/crypto/shamir.js";
import { createHsmSeal, destroyRootKey, newHsmSealConfig, openHsmSeal } from "../adapters/seal/hsm-seal.js";
import { HsmError, pkcs11Connector } from "../adapters/pkcs11/index.js";
import { StoreDamagedError, StoreVersionError } from "../adapters/sqlite/database.js";
import { backupDataDir, BackupError, restoreDataDir } from "../adapters/backup/data-dir-backup.js";
import { BackupFormatError, type BackupManifest } from "../core/backup-manifest.js";
import { readBackupHead } from "../adapters/backup/backup-file.js";
import { exportAuditTrail, pruneAuditTrail, verifyAuditTrail, verifyRecords } from "../app/audit/digests.js";
import { parseExport, publicKeyFingerprint, type VerifyReport } from "../core/audit/index.js";
import type { LookupAttribute } from "../ports/audit-repository.js";
import { AccountExistsError, createAccount } from "../app/identity/create-account.js";
import { initializeBarrier } from "../app/seal/initialize.js";
import { Vault } from "../app/seal/vault.js";
import { secureRandomBytes } from "../core/crypto/random.js";
import type { ScryptParams } from "../core/crypto/kdf.js";
import { SecretBytes, exposeSecretBytes } from "../core/secret-bytes.js";
import type { OpenSeal } from "../ports/root-key.js";
import type { HsmConnector } from "../ports/hsm.js";
import type { SealConfig } from "../ports/system-repository.js";
import { packageVersion } from "../version.js";
import { ADMIN_CREDENTIALS_FILE, DATABASE_FILE, dataDirLayout, openStore, StartupError, systemClock } from "./data-dir.js";

/** How `strongbox init` protects the new root key. */
export type InitSeal =
  | { readonly type: "shamir"; readonly shares: number; readonly threshold: number }
  | { readonly type: "passphrase"; readonly passphrase: SecretBytes; readonly scrypt?: ScryptParams }
  /** The root key made inside a PKCS#11 token, which the server then opens by itself at start. */
  | { readonly type: "pkcs11"; readonly library: string; readonly tokenLabel: string; readonly pinFile: string };

/**
 * `strongbox init`: a new data dir whose root key is protected by Shamir shares (returned once,
 * for the caller to hand out and wipe) or by an operator passphrase.
 */
export async function initDataDir(options: { dataDir: string; seal: InitSeal; partition?: string }): Promise<{ shares: SecretBytes[] }> {
  if (options.seal.type === "shamir") requireShamirParameters(options.seal.shares, options.seal.threshold);
  const store = openStore(options.dataDir, options.partition ?? "aws");
  try {
    if ((await store.system.sealConfig()) !== undefined) throw new StartupError(`${options.dataDir} is already initialised`);
    const created = await createSeal(options.seal);
    try {
      await initializeBarrier({ system: store.system, clock: systemClock, randomBytes: secureRandomBytes }, created.config, created.seal.rootKey);
    } catch (error) {
      for (const share of created.shares) share.dispose();
      await created.undo?.().catch(() => undefined);
      throw error;
    } finally {
      created.seal.close();
    }
    return { shares: created.shares };
  } finally {
    await store.close();
  }
}

/** A new seal for `init`; `undo` removes what it made outside the store (an HSM key object) if init then fails. */
async function createSeal(seal: InitSeal): Promise<{ config: SealConfig; seal: OpenSeal; shares: SecretBytes[]; undo?: () => Promise<void> }> {
  if (seal.type === "shamir") return createShamirSeal(seal.shares, seal.threshold);
  if (seal.type === "pkcs11") {
    const config = newHsmSealConfig(seal);
    const { hsm, seal: opened } = await hsmSealOfItsOwn((connector) => createHsmSeal(connector, config));
    return { config, seal: opened, shares: [], undo: () => destroyRootKey(hsm, config) };
  }
  const passphrase = exposeSecretBytes(seal.passphrase);
  try {
    return { ...(await createPassphraseSeal(passphrase, seal.scrypt)), shares: [] };
  } finally {
    passphrase.fill(0);
  }
}

/** What an offline command asks the operator for, to open a data dir's seal. */
export interface SealPrompts {
  readonly passphrase: () => Promise<SecretBytes>;
  /** `threshold` share texts, each owned by the caller. */
  readonly shares: (threshold: number) => Promise<SecretBytes[]>;
}

/**
 * Opens a data dir's seal outside the server (account create): the dev file, the HSM, or the root
 * key recovered from the shares or passphrase. Never rotated, so it needs only the root key.
 */
async function openSealOffline(dataDir: string, config: SealConfig, prompts: SealPrompts): Promise<OpenSeal> {
  if (config.type === "dev") return devSeal(loadDevRootKey(dataDir));
  if (config.type === "shamir" || config.type === "passphrase") return devSeal(softwareRootKey(config.type, await recoverSoftwareRootKey(config, prompts)));
  return (await hsmSealOfItsOwn((hsm) => openHsmSeal(hsm, config))).seal;
}

/**
 * An HSM seal opened, outside the server, through a PKCS#11 connector of its own: closing the
 * seal logs out, then finalises the module. An HSM failure becomes a StartupError for the CLI.
 */
async function hsmSealOfItsOwn(open: (hsm: HsmConnector) => Promise<OpenSeal>): Promise<{ hsm: HsmConnector; seal: OpenSeal }> {
  const hsm = pkcs11Connector();
  try {
    const opened = await open(hsm);
    return { hsm, seal: { ...opened, close: () => (opened.close(), hsm.close()) } };
  } catch (error) {
    hsm.close();
    throw error instanceof HsmError ? new StartupError(`the HSM refused: ${error.message}`) : error;
  }
}

/** `threshold` distinct shares of this seal, from the operator; refuses a wrong or repeated one. */
async function readCheckedShares(config: ShamirSealConfig, prompts: SealPrompts): Promise<SecretBytes[]> {
  const texts = await prompts.shares(config.threshold);
  const shares: SecretBytes[] = [];
  try {
    for (const [i, text] of texts.entries()) {
      const share = decodeShare(text);
      text.dispose();
      if (share === undefined || !isShareOf(config, share)) {
        share?.dispose();
        throw new StartupError(`share ${i + 1} is not one of this data dir's unseal shares`);
      }
      if (shares.some((held) => shareIndex(held) === shareIndex(share))) {
        share.dispose();
        throw new StartupError(`share ${i + 1} repeats an earlier one; ${config.threshold} different shares are needed`);
      }
      shares.push(share);
    }
    return shares;
  } catch (error) {
    for (const share of shares) share.dispose();
    throw error;
  }
}

/**
 * `strongbox rekey`: new Shamir shares (and a new unseal key) for the same root key, so nothing
 * else in the store changes. Opens with the current shares (or the passphrase, to move a
 * passphrase data dir to shares). The new shares are returned once.
 */
export async function rekeyDataDir(options: { dataDir: string; shares: number; threshold: number; prompts: SealPrompts; partition?: string }): Promise<{ shares: SecretBytes[] }> {
  requireShamirParameters(options.shares, options.threshold);
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} holds no Strongbox store`);
  const store = openStore(options.dataDir, options.partition ?? "aws");
  try {
    const current = await store.system.sealConfig();
    if (current === undefined) throw new StartupError(`${options.dataDir} is not initialised`);
    if (current.type !== "shamir" && current.type !== "passphrase") throw new StartupError(`a ${current.type} data dir has no shares to rekey`);
    const rootKey = await recoverSoftwareRootKey(current, options.prompts);
    try {
      const next = await protectWithShares(rootKey, options.shares, options.threshold);
      next.unsealKey.dispose();
      if (!(await store.system.replaceSeal(current, next.config, []))) {
        for (const share of next.shares) share.dispose();
        throw new StartupError("the seal configuration changed while rekeying (another rekey?); nothing was changed");
      }
      return { shares: next.shares };
    } finally {
      rootKey.dispose();
    }
  } finally {
    await store.close();
  }
}

async function recoverSoftwareRootKey(config: ShamirSealConfig | PassphraseSealConfig, prompts: SealPrompts): Promise<SecretBytes> {
  if (config.type === "shamir") {
    const shares = await readCheckedShares(config, prompts);
    try {
      const rootKey = await recoverRootKey(config, shares);
      if (rootKey === undefined) throw new StartupError("the shares do not unseal this data dir");
      return rootKey;
    } finally {
      for (const share of shares) share.dispose();
    }
  }
  const passphrase = await prompts.passphrase();
  try {
    const rootKey = await recoverPassphraseRootKey(config, passphrase);
    if (rootKey === undefined) throw new StartupError("the passphrase does not unseal this data dir");
    return rootKey;
  } finally {
    passphrase.dispose();
  }
}

/**
 * `strongbox account create`: a new account in the data dir and its root's access key, shown
 * once by the caller. A passphrase data dir needs its passphrase; a dev one unseals itself.
 */
/**
 * Verifies a data dir's audit trail (hash chain and signed digests) without unsealing it: what
 * `strongbox audit verify` runs. Reads while a server runs (SQLite WAL readers do not block).
 */
export async function verifyAuditTrailInDataDir(options: {
  dataDir: string;
  expectedFingerprint?: string;
  fromSeq?: number;
  toSeq?: number;
}): Promise<VerifyReport & { publicKeyFingerprint?: string }> {
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} holds no Strongbox store`);
  const store = openStore(options.dataDir, "aws");
  try {
    const { dataDir: _dataDir, ...range } = options;
    const report = await verifyAuditTrail(store.audit, range);
    const key = await store.audit.signingKey();
    // The fingerprint to record off the machine and pin in later runs (--public-key-fingerprint).
    return { ...report, ...(key !== undefined ? { publicKeyFingerprint: publicKeyFingerprint(key.publicKey) } : {}) };
  } finally {
    await store.close();
  }
}

/** `strongbox backup`: a consistent snapshot of a data dir, taken while its server runs (docs/backup.md). */
export async function backupStrongboxDataDir(options: { dataDir: string; out: string; now?: Date }): Promise<BackupManifest> {
  return asStartupError(() =>
    backupDataDir(dataDirLayout(options.dataDir), options.out, { strongboxVersion: packageVersion(), now: options.now ?? new Date() }),
  );
}

/** `strongbox restore`: a new data dir from a backup file; refuses a data dir that holds a store. */
export async function restoreStrongboxDataDir(options: { file: string; dataDir: string; onlySeal?: BackupManifest["seal"] }): Promise<BackupManifest> {
  return asStartupError(async () => {
    if (options.onlySeal !== undefined) {
      // Checked before anything is written: a refused import leaves the data dir as it was.
      const { manifest } = await readBackupFileHead(options.file);
      if (manifest.seal !== options.onlySeal) throw new BackupError(`${options.file} is a backup of a ${manifest.seal}-sealed data dir, not a ${options.onlySeal} one (an emulator's export is dev-sealed); restore it with strongbox restore`);
    }
    return restoreDataDir(options.file, dataDirLayout(options.dataDir));
  });
}

async function readBackupFileHead(file: string): Promise<{ manifest: BackupManifest }> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  try {
    return readBackupHead(file);
  } catch (error) {
    if (error instanceof BackupFormatError) throw new BackupError(`${file} cannot be restored: ${error.message}`);
    throw error;
  }
}

/** Refusals a command explains to its operator (exit status 2), not failures of Strongbox. */
async function asStartupError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BackupError || error instanceof StoreDamagedError || error instanceof StoreVersionError) throw new StartupError(error.message);
    throw error;
  }
}

/** Writes a data dir's whole audit trail, with its digests and public key, as newline-delimited JSON (`strongbox audit export`). */
export async function exportAuditTrailFromDataDir(options: { dataDir: string; file: string }): Promise<number> {
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} holds no Strongbox store`);
  const store = openStore(options.dataDir, "aws");
  try {
    const lines = await exportAuditTrail(store.audit);
    writeFileSync(options.file, lines.join("\n") + "\n", { mode: 0o600 });
    return lines.length - 1;
  } finally {
    await store.close();
  }
}

/** Retention for a data dir: prunes the records sealed by digests older than `days` days (`strongbox audit prune`). */
export async function pruneAuditTrailInDataDir(options: { dataDir: string; days: number; now?: Date }): Promise<{ pruned: number; throughSeq?: number }> {
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} holds no Strongbox store`);
  const store = openStore(options.dataDir, "aws");
  try {
    const now = options.now ?? new Date();
    return await pruneAuditTrail(store.audit, new Date(now.getTime() - options.days * 24 * 3_600_000));
  } finally {
    await store.close();
  }
}

/** Verifies an export file exactly as `verify` checks a store. */
export function verifyAuditExport(options: { file: string; expectedFingerprint?: string }): VerifyReport {
  const { publicKey, records, digests } = parseExport(readFileSync(options.file, "utf8"));
  return verifyRecords(records, digests, publicKey, options.expectedFingerprint !== undefined ? { expectedFingerprint: options.expectedFingerprint } : {});
}

/** Audit events of a data dir matching one LookupEvents attribute and a time range, newest first (`strongbox audit search`). */
export async function searchAuditTrailInDataDir(options: {
  dataDir: string;
  accountId: string;
  attribute?: { key: LookupAttribute; value: string };
  start?: Date;
  end?: Date;
  count: number;
}): Promise<string[]> {
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} holds no Strongbox store`);
  const store = openStore(options.dataDir, "aws");
  try {
    const records = await store.audit.lookup({
      accountId: options.accountId,
      ...(options.attribute ? { attribute: options.attribute } : {}),
      ...(options.start ? { start: options.start } : {}),
      ...(options.end ? { end: options.end } : {}),
      limit: options.count,
    });
    return records.map((r) => r.event);
  } finally {
    await store.close();
  }
}

/** The newest audit events of a data dir, newest first (what `strongbox audit tail` prints). */
export async function tailAuditTrailInDataDir(options: { dataDir: string; count: number }): Promise<string[]> {
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} holds no Strongbox store`);
  const store = openStore(options.dataDir, "aws");
  try {
    const last = await store.audit.last();
    if (last === undefined) return [];
    const records = await store.audit.range(Math.max(1, last.seq - options.count + 1), options.count);
    return records.map((r) => r.event);
  } finally {
    await store.close();
  }
}

export async function createAccountInDataDir(options: {
  dataDir: string;
  accountId: string;
  partition?: string;
  prompts: SealPrompts;
}): Promise<{ accessKeyId: string; secretAccessKey: SecretBytes }> {
  if (!existsSync(join(options.dataDir, DATABASE_FILE))) throw new StartupError(`${options.dataDir} is not initialised: run \`strongbox init\` or start a --dev server first`);
  const store = openStore(options.dataDir, options.partition ?? "aws");
  const vault = new Vault(store.system, secureRandomBytes);
  try {
    const sealConfig = await store.system.sealConfig();
    if (sealConfig === undefined) throw new StartupError(`${options.dataDir} is not initialised: run \`strongbox init\` or start a --dev server first`);
    const seal = await openSealOffline(options.dataDir, sealConfig, options.prompts);
    try {
      await vault.unseal(seal.rootKey);
    } finally {
      seal.close();
    }
    return await createAccount(
      { accounts: store.accounts, credentials: store.credentials, barrier: vault.barrier(), clock: systemClock, randomBytes: secureRandomBytes },
      { partition: options.partition ?? "aws", accountId: options.accountId },
    );
  } catch (error) {
    throw error instanceof AccountExistsError ? new StartupError(error.message) : error;
  } finally {
    vault.seal();
    await store.close();
  }
}
