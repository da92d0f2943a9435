import type { ChainedRecord } from "./chain.js";
import type { AuditDigest } from "./digest.js";
import { publicKeyFingerprint } from "./digest.js";

/**
 * The export format: newline-delimited JSON. A header with the digest signing key, then every
 * chained record in seq order, then every digest. Everything `verify` needs, and nothing secret.
 */
export function exportLines(publicKey: Buffer, records: Iterable<ChainedRecord>, digests: readonly AuditDigest[]): string[] {
  const lines = [JSON.stringify({ type: "strongbox-audit-export", version: 1, publicKey: publicKey.toString("base64"), publicKeyFingerprint: publicKeyFingerprint(publicKey) })];
  for (const r of records) lines.push(JSON.stringify({ type: "record", seq: r.seq, previousHash: r.previousHash, hash: r.hash, event: r.event }));
  for (const d of digests) lines.push(JSON.stringify({ type: "digest", digest: d }));
  return lines;
}

export class ExportFormatError extends Error {}

/** Reads an export back; a line that is not what the format says is an ExportFormatError naming it. */
export function parseExport(text: string): { publicKey: Buffer; records: ChainedRecord[]; digests: AuditDigest[] } {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const read = (line: string, n: number): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ExportFormatError(`line ${n} is not JSON`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ExportFormatError(`line ${n} is not a JSON object`);
    return value as Record<string, unknown>;
  };
  const header = read(lines[0] ?? "", 1);
  if (header.type !== "strongbox-audit-export" || header.version !== 1 || typeof header.publicKey !== "string") {
    throw new ExportFormatError("line 1 is not a Strongbox audit export header");
  }
  const records: ChainedRecord[] = [];
  const digests: AuditDigest[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    const entry = read(line, i + 2);
    if (entry.type === "record" && typeof entry.seq === "number" && typeof entry.event === "string" && typeof entry.hash === "string" && typeof entry.previousHash === "string") {
      records.push({ seq: entry.seq, event: entry.event, previousHash: entry.previousHash, hash: entry.hash });
    } else if (entry.type === "digest" && typeof entry.digest === "object" && entry.digest !== null) {
      digests.push(entry.digest as AuditDigest);
    } else {
      throw new ExportFormatError(`line ${i + 2} is neither a record nor a digest`);
    }
  }
  return { publicKey: Buffer.from(header.publicKey, "base64"), records, digests };
}
