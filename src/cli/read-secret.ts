import { readFileSync } from "node:fs";
import { SecretBytes } from "../core/secret-bytes.js";

/** Reads a passphrase from a file (first line), or from the terminal without echo, or from stdin. */
export async function readPassphrase(options: { file?: string; prompt: string; confirm?: boolean }): Promise<SecretBytes> {
  if (options.file !== undefined) {
    const raw = readFileSync(options.file);
    const secret = SecretBytes.copyOf(firstLine(raw));
    raw.fill(0);
    return requireNonEmpty(secret);
  }
  if (!process.stdin.isTTY) return requireNonEmpty(await readStdinLine());
  const first = await promptHidden(options.prompt);
  if (options.confirm) {
    const second = await promptHidden("Repeat it: ");
    const same = first.use((a) => second.use((b) => a.equals(b)));
    second.dispose();
    if (!same) {
      first.dispose();
      throw new Error("the two passphrases differ");
    }
  }
  return requireNonEmpty(first);
}

function requireNonEmpty(secret: SecretBytes): SecretBytes {
  if (secret.length === 0) {
    secret.dispose();
    throw new Error("the passphrase is empty");
  }
  return secret;
}

async function readStdinLine(): Promise<SecretBytes> {
  const all = await readAllStdin();
  const secret = SecretBytes.copyOf(firstLine(all));
  all.fill(0);
  return secret;
}

/** The bytes before the first line break (LF or CRLF). */
function firstLine(all: Buffer): Buffer {
  const end = all.indexOf(0x0a);
  let stop = end < 0 ? all.length : end;
  if (stop > 0 && all[stop - 1] === 0x0d) stop--;
  return all.subarray(0, stop);
}

function promptHidden(prompt: string): Promise<SecretBytes> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // Echo goes off before the prompt shows, so an answer typed at once is not echoed either.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    const typed: number[] = [];
    stdin.resume();
    const onData = (data: Buffer) => {
      for (const byte of data) {
        if (byte === 0x0d || byte === 0x0a) {
          finish();
          const secret = SecretBytes.copyOf(Buffer.from(typed));
          typed.fill(0);
          resolve(secret);
          return;
        }
        if (byte === 0x03) {
          finish();
          reject(new Error("cancelled"));
          return;
        }
        if (byte === 0x7f || byte === 0x08) typed.pop();
        else typed.push(byte);
      }
    };
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    stdin.on("data", onData);
  });
}

/**
 * Reads `count` secrets, one per line: from a file, from stdin when it is not a terminal, or by
 * asking on the terminal without echo (`prompt(i)` for the i-th, from 1). Blank lines are skipped.
 */
export async function readSecretLines(options: { file?: string; count: number; prompt: (i: number) => string; what: string }): Promise<SecretBytes[]> {
  if (options.file === undefined && process.stdin.isTTY) {
    const secrets: SecretBytes[] = [];
    for (let i = 1; i <= options.count; i++) secrets.push(requireNonEmpty(await promptHidden(options.prompt(i))));
    return secrets;
  }
  const raw = options.file !== undefined ? readFileSync(options.file) : await readAllStdin();
  try {
    const lines: SecretBytes[] = [];
    let start = 0;
    while (start <= raw.length && lines.length < options.count) {
      const end = raw.indexOf(0x0a, start);
      const line = firstLine(raw.subarray(start, end < 0 ? raw.length : end + 1));
      const trimmed = trimAscii(line);
      if (trimmed.length > 0) lines.push(SecretBytes.copyOf(trimmed));
      if (end < 0) break;
      start = end + 1;
    }
    if (lines.length < options.count) {
      for (const line of lines) line.dispose();
      throw new Error(`${options.count} ${options.what} are needed, one per line; ${lines.length} given`);
    }
    return lines;
  } finally {
    raw.fill(0);
  }
}

function trimAscii(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  while (start < end && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0d)) start++;
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09 || bytes[end - 1] === 0x0d)) end--;
  return bytes.subarray(start, end);
}

async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const all = Buffer.concat(chunks);
  chunks.forEach((c) => c.fill(0));
  return all;
}
