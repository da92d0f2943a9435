import { resolve } from "node:path";
import { Command, Option } from "commander";
import { initDataDir, rekeyDataDir, type SealPrompts } from "../main.js";
import { readFileSync } from "node:fs";
import { SecretBytes } from "../core/secret-bytes.js";
import type { PgpRecipient } from "../core/crypto/pgp.js";

/** OpenPGP (a large library) is loaded only by the commands that encrypt shares, not by every start of the server. */
const pgp = () => import("../core/crypto/pgp.js");
import { encodeShare } from "../core/crypto/shamir.js";
import { callSystemPath, findCredentials, readAnswer } from "./admin-client.js";
import { readPassphrase, readSecretLines } from "./read-secret.js";
import { wholeNumber } from "./arguments.js";

interface Connection {
  readonly endpoint: string;
  readonly region: string;
  readonly dataDir: string;
}

const count = wholeNumber(1, 255);

/** The options of a command that makes shares (init, rekey). */
function withShareOptions(command: Command, noun: string): Command {
  return command
    .option("--key-shares <n>", `how many ${noun} to make`, count, 5)
    .option("--key-threshold <k>", `how many ${noun} unseal`, count, 3)
    .addOption(new Option("--format <format>", "how the shares are printed").choices(["text", "json"]).default("text"))
    .option("--pgp-keys <files>", `comma-separated OpenPGP public key files, one per share: each of the ${noun} is printed encrypted to its holder`);
}

/** Public key files named by --pgp-keys, one per share, in order. */
async function readRecipients(list: string | undefined, shares: number): Promise<PgpRecipient[] | undefined> {
  if (list === undefined) return undefined;
  const files = list.split(",").map((f) => f.trim()).filter((f) => f.length > 0);
  if (files.length !== shares) throw new Error(`--pgp-keys names ${files.length} key file(s); one per share is needed (${shares})`);
  const { readPgpRecipient } = await pgp();
  return Promise.all(files.map((file) => readPgpRecipient(readFileSync(file), file)));
}

/**
 * The shares, printed once: text for people, or `{"unsealShares":[...],"threshold":K}`. With
 * recipients, each share is printed encrypted to its holder's OpenPGP key (base64 of the binary
 * message) instead. The shares are wiped after.
 */
async function printShares(shares: SecretBytes[], threshold: number, format: string, intro: string, recipients?: PgpRecipient[]): Promise<void> {
  const texts = shares.map((share) => SecretBytes.fromUtf8(encodeShare(share)));
  for (const share of shares) share.dispose();
  try {
    const encryptShareTo = recipients ? (await pgp()).encryptShareTo : undefined;
    const printed = recipients && encryptShareTo ? await Promise.all(texts.map((text, i) => encryptShareTo(recipients[i]!, text))) : texts.map((text) => text.use((b) => b.toString("utf8")));
    if (format === "json") {
      process.stdout.write(JSON.stringify({ unsealShares: printed, threshold, ...(recipients ? { pgpFingerprints: recipients.map((r) => r.fingerprint) } : {}) }) + "\n");
      return;
    }
    const lines = printed.map((share, i) =>
      recipients ? `Unseal share ${i + 1}, encrypted to ${recipients[i]!.fingerprint} (${recipients[i]!.userIds.join(", ")}):\n${share}` : `Unseal share ${i + 1}: ${share}`,
    );
    process.stdout.write(
      `${intro}\n\n${lines.join("\n")}\n\n` +
        `Any ${threshold} of these ${texts.length} shares unseal Strongbox; fewer reveal nothing about the key they protect.\n` +
        (recipients
          ? "Each holder decrypts theirs with `base64 -d | gpg --decrypt` and gives the result to `strongbox unseal`.\n"
          : "They are shown this once and stored nowhere: give each to a different operator now.\n"),
    );
  } finally {
    for (const text of texts) text.dispose();
  }
}

/** Reads what opens a data dir's seal: shares from a file, stdin or prompts; or the passphrase. */
export function sealPrompts(options: { shareFile?: string; passphraseFile?: string }): SealPrompts {
  return {
    passphrase: () => readPassphrase({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), prompt: "Passphrase: " }),
    shares: (threshold) =>
      readSecretLines({ ...(options.shareFile ? { file: options.shareFile } : {}), count: threshold, prompt: (i) => `Unseal share ${i} of ${threshold}: `, what: "unseal shares" }),
  };
}

export function initCommand(defaults: Connection): Command {
  return withShareOptions(
    new Command("init")
      .description("initialise a data dir: a new root key behind Shamir unseal shares (default 5, any 3 unseal), an operator passphrase, or an HSM")
      .option("--data-dir <dir>", "the data dir to create", defaults.dataDir),
    "unseal shares",
  )
    .addOption(new Option("--seal <type>", "how the root key is protected").choices(["shamir", "passphrase"]))
    .option("--passphrase-file <file>", "protect the root key with a passphrase read from the first line of this file instead of shares (implies --seal passphrase)")
    .addOption(new Option("--hsm <type>", "keep the root key inside a hardware security module instead; the server then unseals itself through it").choices(["pkcs11"]))
    .option("--hsm-lib <path>", "the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)")
    .option("--hsm-token-label <label>", "the label of the token that keeps the root key")
    .option("--hsm-pin-file <file>", "the file holding the token's user PIN (read at init and at every start; kept by the operator)")
    .action(async (options: {
      dataDir: string;
      keyShares: number;
      keyThreshold: number;
      format: string;
      seal?: string;
      passphraseFile?: string;
      pgpKeys?: string;
      hsm?: string;
      hsmLib?: string;
      hsmTokenLabel?: string;
      hsmPinFile?: string;
    }) => {
      if (options.hsm !== undefined) {
        if (!options.hsmLib || !options.hsmTokenLabel || !options.hsmPinFile) throw new Error("--hsm pkcs11 needs --hsm-lib, --hsm-token-label and --hsm-pin-file");
        await initDataDir({
          dataDir: options.dataDir,
          seal: { type: "pkcs11", library: resolve(options.hsmLib), tokenLabel: options.hsmTokenLabel, pinFile: resolve(options.hsmPinFile) },
        });
        process.stdout.write(
          `initialised ${options.dataDir}: its root key is a non-extractable key in token '${options.hsmTokenLabel}'. \`strongbox server --data-dir ${options.dataDir}\` unseals itself through the HSM.\n`,
        );
        return;
      }
      if (options.seal === "passphrase" || options.passphraseFile !== undefined) {
        const passphrase = await readPassphrase({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), prompt: "New passphrase: ", confirm: true });
        try {
          await initDataDir({ dataDir: options.dataDir, seal: { type: "passphrase", passphrase } });
        } finally {
          passphrase.dispose();
        }
        process.stdout.write(`initialised ${options.dataDir}; start it with \`strongbox server --data-dir ${options.dataDir}\` and unseal it with \`strongbox unseal\`\n`);
        return;
      }
      const recipients = await readRecipients(options.pgpKeys, options.keyShares);
      const { shares } = await initDataDir({ dataDir: options.dataDir, seal: { type: "shamir", shares: options.keyShares, threshold: options.keyThreshold } });
      await printShares(
        shares,
        options.keyThreshold,
        options.format,
        `Initialised ${options.dataDir}. Start it with \`strongbox server --data-dir ${options.dataDir}\`; it starts sealed, and \`strongbox unseal\` takes one share per operator.`,
        recipients,
      );
    });
}

export function unsealCommand(defaults: Connection): Command {
  return new Command("unseal")
    .description("give a running, sealed Strongbox one unseal share (or its passphrase); each operator runs it with their own share")
    .option("--endpoint <url>", "the Strongbox to unseal", defaults.endpoint)
    .option("--share-file <file>", "read the share from the first line of this file (default: prompt, or stdin)")
    .option("--passphrase-file <file>", "for a passphrase seal: read the passphrase from the first line of this file (default: prompt, or stdin)")
    .option("--reset", "forget the shares given so far")
    .action(async (options: { endpoint: string; shareFile?: string; passphraseFile?: string; reset?: boolean }) => {
      const post = async (payload: object) =>
        readAnswer(options.endpoint, await fetch(new URL("/sys/unseal", options.endpoint), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) }));
      if (options.reset) {
        await post({ reset: true });
        process.stdout.write("unseal progress reset\n");
        return;
      }
      const status = await readAnswer(options.endpoint, await fetch(new URL("/sys/seal-status", options.endpoint)));
      if (status.sealed === false) {
        process.stdout.write("already unsealed\n");
        return;
      }
      if (status.type === "pkcs11") {
        const opened = await post({ hsm: true });
        process.stdout.write(opened.sealed === false ? "unsealed through the HSM\n" : "still sealed\n");
        return;
      }
      const byPassphrase = status.type === "passphrase";
      const secret = byPassphrase
        ? await readPassphrase({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), prompt: "Passphrase: " })
        : (await readSecretLines({ ...(options.shareFile ? { file: options.shareFile } : {}), count: 1, prompt: () => "Unseal share: ", what: "unseal share" }))[0]!;
      const payload = secret.use((bytes) => JSON.stringify({ [byPassphrase ? "passphrase" : "share"]: bytes.toString("utf8") }));
      secret.dispose();
      const answer = await readAnswer(options.endpoint, await fetch(new URL("/sys/unseal", options.endpoint), { method: "POST", headers: { "content-type": "application/json" }, body: payload }));
      if (answer.sealed === false) {
        process.stdout.write("unsealed\n");
        return;
      }
      process.stdout.write(`share accepted; still sealed: ${String(answer.progress)} of ${String(answer.threshold)} shares given\n`);
    });
}

/** A signed call on one of the system paths of a running Strongbox, printing what `report` makes of the answer. */
function systemPathCommand(name: string, description: string, path: string, defaults: Connection, report: (answer: Record<string, unknown>) => string): Command {
  return new Command(name)
    .description(description)
    .option("--endpoint <url>", "the Strongbox", defaults.endpoint)
    .option("--region <region>", "the Region to sign for", defaults.region)
    .option("--data-dir <dir>", "where admin-credentials.json is, if no credentials are in the environment", defaults.dataDir)
    .action(async (options: Connection) => {
      const answer = await callSystemPath(options.endpoint, path, { credentials: findCredentials(process.env, options.dataDir), region: options.region });
      process.stdout.write(`${report(answer)}\n`);
    });
}

export function sealCommand(defaults: Connection): Command {
  return systemPathCommand("seal", "seal a running Strongbox now: every unwrapped key is wiped from its memory until it is unsealed again (signed call)", "/sys/seal", defaults, () => "sealed");
}

export function rotateRootCommand(defaults: Connection): Command {
  return systemPathCommand(
    "rotate-root",
    "replace the root key of a running, unsealed Strongbox: every barrier key is re-wrapped under a new one (signed call; shares do not change)",
    "/sys/rotate-root",
    defaults,
    (answer) => `root key rotated; ${String(answer.barrierTerms)} barrier key(s) re-wrapped`,
  );
}

export function rekeyCommand(defaults: Connection): Command {
  return withShareOptions(
    new Command("rekey")
      .description("issue new unseal shares for the same root key (the old shares stop working); reads the current shares, or a passphrase seal's passphrase")
      .option("--data-dir <dir>", "the data dir", defaults.dataDir),
    "new shares",
  )
    .option("--share-file <file>", "read the current shares from this file, one per line (default: prompts, or stdin)")
    .option("--passphrase-file <file>", "for a passphrase seal: read the passphrase from this file")
    .action(async (options: { dataDir: string; keyShares: number; keyThreshold: number; format: string; shareFile?: string; passphraseFile?: string; pgpKeys?: string }) => {
      const recipients = await readRecipients(options.pgpKeys, options.keyShares);
      const { shares } = await rekeyDataDir({ dataDir: options.dataDir, shares: options.keyShares, threshold: options.keyThreshold, prompts: sealPrompts(options) });
      await printShares(shares, options.keyThreshold, options.format, `Rekeyed ${options.dataDir}: the old shares no longer unseal it.`, recipients);
    });
}
