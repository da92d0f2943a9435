/**
 * Crash safety: a mixed load of writes and reads against a server that is killed with SIGKILL at
 * a random moment, restarted and checked, cycle after cycle on one data dir. After every kill:
 * every acknowledged write is there, a write that was in flight is either wholly there or wholly
 * absent, every ciphertext issued before decrypts, and the audit chain verifies.
 *
 * CRASH_CYCLES sets the number of cycles (the suite runs a short form; `npm run test:crash` 50).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
} from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { runCli, startChildServer } from "./helpers/child-server.js";
import { withClients } from "./helpers/clients.js";
import { ACCOUNT, ADMIN, REGION } from "./helpers/server.js";

const CYCLES = Number(process.env.CRASH_CYCLES ?? 5);
const ACTORS = 6;
/** AWS allows 25 on-demand rotations per key; the load stays well under. */
const MAX_ROTATIONS = 8;

/** A write whose answer never came: after the restart it must be wholly there or wholly absent. */
type Pending =
  | { kind: "createKey"; description: string }
  | { kind: "rotate"; keyId: string }
  | { kind: "alias"; name: string; keyId: string }
  | { kind: "grant"; keyId: string; name: string }
  | { kind: "policy"; keyId: string; version: number }
  | { kind: "secret"; name: string; value: string }
  | { kind: "parameter"; name: string; value: string };

interface KeyRecord {
  rotations: number;
  policyVersion: number;
  grantNames: Set<string>;
}

/** What the load was told was done (acknowledged), and what it was doing when the server died. */
class Ledger {
  readonly keys = new Map<string, KeyRecord>();
  /** The AWS managed keys (aws/secretsmanager, aws/ssm) that secrets and parameters brought. */
  readonly managedKeys = new Set<string>();
  readonly aliases = new Map<string, string>();
  readonly secrets = new Map<string, string>();
  readonly parameters = new Map<string, string>();
  readonly blobs: { keyId: string; blob: Uint8Array; plaintext: Buffer; context: Record<string, string> }[] = [];
  pending: Pending[] = [];
  readonly unexpected: string[] = [];
  acknowledged = 0;
}

const config = (url: string) => ({ endpoint: url, region: REGION, credentials: ADMIN, maxAttempts: 1 });

function policy(version: number): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: `v${version}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
  });
}

function policyVersion(document: string): number {
  // 0: the key's default policy, which no PutKeyPolicy of the load replaced.
  return Number(/"Sid":"v(\d+)"/.exec(document.replace(/\s/g, ""))?.[1] ?? 0);
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** One actor: a sequential loop of random operations on resources it alone writes, until the server dies. */
async function actor(url: string, ledger: Ledger, tag: string): Promise<void> {
  const kms = new KMSClient(config(url));
  const secrets = new SecretsManagerClient(config(url));
  const ssm = new SSMClient(config(url));
  const mine = { keys: [] as string[], secrets: [] as string[], parameters: [] as string[] };
  let n = 0;
  try {
    for (;;) {
      n++;
      const name = `${tag}-${n}`;
      const keyId = mine.keys.length > 0 ? pick(mine.keys) : undefined;
      const choice = keyId === undefined ? "createKey" : pick(["createKey", "encrypt", "encrypt", "rotate", "alias", "grant", "policy", "secret", "putSecret", "parameter", "read"]);
      let pending: Pending | undefined;
      const begin = (p: Pending) => ledger.pending.push((pending = p));
      switch (choice) {
        case "createKey": {
          begin({ kind: "createKey", description: name });
          const id = (await kms.send(new CreateKeyCommand({ Description: name }))).KeyMetadata!.KeyId!;
          ledger.keys.set(id, { rotations: 0, policyVersion: 0, grantNames: new Set() });
          mine.keys.push(id);
          break;
        }
        case "encrypt": {
          const plaintext = randomBytes(24);
          const context = { n: name };
          const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }))).CiphertextBlob!;
          ledger.blobs.push({ keyId: keyId!, blob, plaintext, context });
          break;
        }
        case "rotate": {
          const record = ledger.keys.get(keyId!)!;
          if (record.rotations >= MAX_ROTATIONS) continue;
          begin({ kind: "rotate", keyId: keyId! });
          await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
          record.rotations++;
          break;
        }
        case "alias": {
          const alias = `alias/crash-${name}`;
          begin({ kind: "alias", name: alias, keyId: keyId! });
          await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
          ledger.aliases.set(alias, keyId!);
          break;
        }
        case "grant": {
          begin({ kind: "grant", keyId: keyId!, name });
          await kms.send(new CreateGrantCommand({ KeyId: keyId, Name: name, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, Operations: ["Decrypt"] }));
          ledger.keys.get(keyId!)!.grantNames.add(name);
          break;
        }
        case "policy": {
          const record = ledger.keys.get(keyId!)!;
          const version = record.policyVersion + 1;
          begin({ kind: "policy", keyId: keyId!, version });
          await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: policy(version) }));
          record.policyVersion = version;
          break;
        }
        case "secret": {
          const secretName = `crash/${name}`;
          const value = `value of ${name} ${randomBytes(6).toString("hex")}`;
          begin({ kind: "secret", name: secretName, value });
          await secrets.send(new CreateSecretCommand({ Name: secretName, SecretString: value }));
          ledger.secrets.set(secretName, value);
          mine.secrets.push(secretName);
          break;
        }
        case "putSecret": {
          if (mine.secrets.length === 0) continue;
          const secretName = pick(mine.secrets);
          const value = `value of ${name} ${randomBytes(6).toString("hex")}`;
          begin({ kind: "secret", name: secretName, value });
          await secrets.send(new PutSecretValueCommand({ SecretId: secretName, SecretString: value }));
          ledger.secrets.set(secretName, value);
          break;
        }
        case "parameter": {
          const parameterName = mine.parameters.length > 0 && Math.random() < 0.5 ? pick(mine.parameters) : `/crash/${name}`;
          const value = `parameter ${name}`;
          begin({ kind: "parameter", name: parameterName, value });
          await ssm.send(new PutParameterCommand({ Name: parameterName, Value: value, Type: "SecureString", Overwrite: true }));
          ledger.parameters.set(parameterName, value);
          if (!mine.parameters.includes(parameterName)) mine.parameters.push(parameterName);
          break;
        }
        case "read": {
          const sample = ledger.blobs.length > 0 ? pick(ledger.blobs) : undefined;
          if (sample) await kms.send(new DecryptCommand({ CiphertextBlob: sample.blob, EncryptionContext: sample.context }));
          break;
        }
      }
      if (pending !== undefined) ledger.pending.splice(ledger.pending.indexOf(pending), 1);
      ledger.acknowledged++;
    }
  } catch (error) {
    // The server was killed: whatever is still in ledger.pending was in flight. An AWS error
    // (an answer, not a broken connection) is a failure of the load itself.
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined) ledger.unexpected.push(`${tag}: ${String(error)}`);
  } finally {
    kms.destroy();
    secrets.destroy();
    ssm.destroy();
  }
}

async function listAll<T>(page: (marker: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const { items, next } = await page(marker);
    all.push(...items);
    marker = next;
  } while (marker !== undefined);
  return all;
}

const errorName = (error: unknown) => (error as Error).name;

/**
 * Checks the restarted server against the ledger, then takes the outcome of each in-flight write
 * (there or not) into the ledger, so that the next cycle checks against what really is.
 */
function check(url: string, ledger: Ledger): Promise<{ inFlight: number; landed: number }> {
  return withClients(url, async ({ kms, secrets, ssm }) => {
    let landed = 0;
    const keyIds = await listAll(async (Marker) => {
      const out = await kms.send(new ListKeysCommand({ Marker, Limit: 1000 }));
      return { items: out.Keys!.map((k) => k.KeyId!), next: out.NextMarker };
    });
    const present = new Set(keyIds);
    for (const keyId of ledger.keys.keys()) assert.ok(present.has(keyId), `acknowledged key ${keyId} is there`);
    // Keys nobody was told about are a CreateKey that was in flight (or an AWS managed key that a
    // secret or parameter made); either way they are whole: described, and they encrypt and decrypt.
    for (const keyId of keyIds.filter((id) => !ledger.keys.has(id) && !ledger.managedKeys.has(id))) {
      const metadata = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
      if (metadata.KeyManager === "AWS") {
        ledger.managedKeys.add(keyId);
        continue;
      }
      assert.ok(ledger.pending.some((p) => p.kind === "createKey" && p.description === metadata.Description), `key ${keyId} (${metadata.Description}) was never asked for`);
      const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("whole") }))).CiphertextBlob!;
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "whole");
      ledger.keys.set(keyId, { rotations: 0, policyVersion: 0, grantNames: new Set() });
      landed++;
    }
    for (const [keyId, record] of ledger.keys) {
      const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!.length;
      const rotating = ledger.pending.some((p) => p.kind === "rotate" && p.keyId === keyId) ? 1 : 0;
      assert.ok(rotations === record.rotations || rotations === record.rotations + rotating, `key ${keyId}: ${rotations} rotations, ${record.rotations} acknowledged`);
      landed += rotations - record.rotations;
      record.rotations = rotations;
      const version = record.policyVersion === 0 && !ledger.pending.some((p) => p.kind === "policy" && p.keyId === keyId)
        ? 0
        : policyVersion((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }))).Policy!);
      if (record.policyVersion > 0 || version > 0) {
        const allowed = [record.policyVersion, ...ledger.pending.filter((p) => p.kind === "policy" && p.keyId === keyId).map((p) => (p as { version: number }).version)];
        assert.ok(allowed.includes(version), `key ${keyId}: policy v${version}, acknowledged v${record.policyVersion}`);
        if (version !== record.policyVersion) landed++;
        record.policyVersion = version;
      }
      const grants = new Set((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.map((g) => g.Name!));
      for (const name of record.grantNames) assert.ok(grants.has(name), `key ${keyId}: acknowledged grant ${name} is there`);
      for (const name of grants) {
        if (record.grantNames.has(name)) continue;
        assert.ok(ledger.pending.some((p) => p.kind === "grant" && p.keyId === keyId && p.name === name), `key ${keyId}: grant ${name} was never asked for`);
        record.grantNames.add(name);
        landed++;
      }
    }
    const aliases = new Map(
      (
        await listAll(async (Marker) => {
          const out = await kms.send(new ListAliasesCommand({ Marker, Limit: 100 }));
          return { items: out.Aliases!, next: out.NextMarker };
        })
      )
        .filter((a) => a.AliasName!.startsWith("alias/crash-"))
        .map((a) => [a.AliasName!, a.TargetKeyId!] as const),
    );
    for (const [alias, keyId] of ledger.aliases) assert.equal(aliases.get(alias), keyId, `acknowledged ${alias} points at its key`);
    for (const [alias, keyId] of aliases) {
      if (ledger.aliases.has(alias)) continue;
      assert.ok(ledger.pending.some((p) => p.kind === "alias" && p.name === alias && p.keyId === keyId), `${alias} was never asked for`);
      ledger.aliases.set(alias, keyId);
      landed++;
    }
    for (const p of ledger.pending.filter((q): q is Extract<Pending, { kind: "secret" }> => q.kind === "secret")) {
      let value: string | undefined;
      try {
        value = (await secrets.send(new GetSecretValueCommand({ SecretId: p.name }))).SecretString;
      } catch (error) {
        assert.equal(errorName(error), "ResourceNotFoundException", `secret ${p.name}: ${String(error)}`);
      }
      if (value === p.value) {
        ledger.secrets.set(p.name, value);
        landed++;
      }
    }
    for (const [name, value] of ledger.secrets) assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, value, `secret ${name}`);
    for (const p of ledger.pending.filter((q): q is Extract<Pending, { kind: "parameter" }> => q.kind === "parameter")) {
      let value: string | undefined;
      try {
        value = (await ssm.send(new GetParameterCommand({ Name: p.name, WithDecryption: true }))).Parameter!.Value;
      } catch (error) {
        assert.equal(errorName(error), "ParameterNotFound", `parameter ${p.name}: ${String(error)}`);
      }
      if (value === p.value) {
        ledger.parameters.set(p.name, value);
        landed++;
      }
    }
    for (const [name, value] of ledger.parameters) assert.equal((await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter!.Value, value, `parameter ${name}`);
    for (const { blob, plaintext, context } of ledger.blobs) {
      assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }))).Plaintext!), plaintext);
    }
    const inFlight = ledger.pending.length;
    ledger.pending = [];
    return { inFlight, landed };
  });
}

describe("crash safety", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-crash-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(`${CYCLES} cycles of load, SIGKILL at a random moment, restart and check`, { timeout: 60_000 + CYCLES * 30_000 }, async (t) => {
    const dataDir = join(dir, "data");
    const ledger = new Ledger();
    let inFlightTotal = 0;
    let landedTotal = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const server = await startChildServer(["--dev", "--data-dir", dataDir]);
      if (cycle > 1) {
        const { inFlight, landed } = await check(server.url, ledger);
        inFlightTotal += inFlight;
        landedTotal += landed;
      }
      const load = Array.from({ length: ACTORS }, (_, i) => actor(server.url, ledger, `w${cycle}_${i}`));
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.CRASH_WINDOW_MS ?? 0) || 300 + Math.random() * 1200));
      server.child.kill("SIGKILL");
      assert.equal(await server.exited(), null, "killed, not exited");
      await Promise.all(load);
      assert.deepEqual(ledger.unexpected, [], "the load met no AWS error before the kill");
      const verify = await runCli(["audit", "verify", "--data-dir", dataDir]);
      assert.equal(verify.code, 0, `cycle ${cycle}: the audit chain verifies after the kill\n${verify.stdout}${verify.stderr}`);
    }
    const last = await startChildServer(["--dev", "--data-dir", dataDir]);
    try {
      const { inFlight, landed } = await check(last.url, ledger);
      inFlightTotal += inFlight;
      landedTotal += landed;
    } finally {
      last.child.kill("SIGTERM");
      await last.exited();
    }
    t.diagnostic(
      `crash: ${CYCLES} kills, ${ledger.acknowledged} acknowledged calls, ${ledger.keys.size} keys, ${ledger.blobs.length} ciphertexts decrypted after every kill; ` +
        `${inFlightTotal} writes in flight at a kill, of which ${landedTotal} landed whole and the rest left no trace`,
    );
    assert.ok(ledger.acknowledged > CYCLES * 20, "the load really ran");
    assert.ok(inFlightTotal > 0, "kills really interrupted writes");
  });
});
