import { sha256Hex } from "../crypto/kdf.js";
import { canonicalEventJson } from "./canonical-json.js";
import { encodeFields } from "./encoding.js";
import type { AuditEvent } from "./event.js";

/** One link of the hash chain, as stored. */
export interface ChainedRecord {
  readonly seq: number;
  /** The canonical JSON of the AuditEvent. */
  readonly event: string;
  /** Hex. */
  readonly previousHash: string;
  /** Hex. */
  readonly hash: string;
}

/** The previous hash of record 1. */
export const GENESIS_HASH = "0".repeat(64);

/** Domain separation: a chain hash is never valid as any other SHA-256 Strongbox computes. */
const CHAIN_DOMAIN = "strongbox-audit-chain-v1";

/**
 * hash = SHA-256( field(CHAIN_DOMAIN) ‖ field(previousHash, ASCII hex) ‖ field(seq, u64 BE) ‖
 * field(eventJson, UTF-8) ), each field u32 BE length-prefixed; hex. Binding seq means a record
 * cannot be moved to another place in the chain without its hash failing.
 */
export function chainHash(previousHash: string, seq: number, eventJson: string): string {
  return sha256Hex(encodeFields([CHAIN_DOMAIN, previousHash, seq, eventJson]));
}

/** The record that follows `previous` (or starts the chain at seq 1). */
export function chainRecord(previous: { seq: number; hash: string } | undefined, event: AuditEvent): ChainedRecord {
  return chainJson(previous, canonicalEventJson(event));
}

/** The record that follows `previous`, for an event already in its canonical JSON. */
export function chainJson(previous: { seq: number; hash: string } | undefined, json: string): ChainedRecord {
  const seq = previous === undefined ? 1 : previous.seq + 1;
  const previousHash = previous?.hash ?? GENESIS_HASH;
  return { seq, event: json, previousHash, hash: chainHash(previousHash, seq, json) };
}
