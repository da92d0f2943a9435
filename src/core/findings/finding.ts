import type { AuditEvent } from "../audit/index.js";

export type FindingRule =
  | "AccessDeniedBurst"
  | "DecryptVolumeAnomaly"
  | "NewPrincipalOrSourceForKey"
  | "UseOfUnusableKey"
  | "PolicyOpenedToEveryone"
  | "DeletionOfRecentlyUsedKey";

export type FindingSeverity = "LOW" | "MEDIUM" | "HIGH";

export interface Finding {
  /** Deterministic (rule, account, subject, and the window start for windowed rules): a repeat updates, never duplicates. */
  readonly id: string;
  readonly rule: FindingRule;
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly accountId: string;
  /** The principal or key ARN the finding is about. */
  readonly subject: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly count: number;
  /** eventIDs, at most MAX_EVIDENCE, newest last. */
  readonly evidence: readonly string[];
}

export interface FindingThresholds {
  accessDeniedBurst: number;
  accessDeniedWindowMs: number;
  decryptBaselineMinHours: number;
  decryptAnomalyFactor: number;
  /** Successful Decrypts per hour below which no hour is anomalous, however quiet the baseline. */
  decryptAnomalyMinimum: number;
  recentUseDays: number;
}

export const DEFAULT_THRESHOLDS: Readonly<FindingThresholds> = Object.freeze({
  accessDeniedBurst: 10,
  accessDeniedWindowMs: 5 * 60_000,
  decryptBaselineMinHours: 3,
  decryptAnomalyFactor: 10,
  decryptAnomalyMinimum: 100,
  recentUseDays: 30,
});

export const MAX_EVIDENCE = 20;
/** Bound on every per-principal, per-key and per-finding collection; the least recently touched goes first. */
export const MAX_TRACKED = 10_000;

export const SEVERITY: Readonly<Record<FindingRule, FindingSeverity>> = Object.freeze({
  AccessDeniedBurst: "MEDIUM",
  DecryptVolumeAnomaly: "HIGH",
  NewPrincipalOrSourceForKey: "LOW",
  UseOfUnusableKey: "MEDIUM",
  PolicyOpenedToEveryone: "HIGH",
  DeletionOfRecentlyUsedKey: "HIGH",
});

export const KMS_SOURCE = "kms.amazonaws.com";

/** Who made the call: the ARN, or the access key when authentication failed before an ARN was known. */
export function principalOf(event: AuditEvent): string | undefined {
  return event.userIdentity.arn ?? event.userIdentity.accessKeyId;
}

/**
 * The key a KMS event is about: its AWS::KMS::Key resource, else the first resource, else the keyId
 * asked for, else (CreateKey) the ARN the answer gave.
 */
export function keyOf(event: AuditEvent): string | undefined {
  const resources = event.resources ?? [];
  const key = resources.find((r) => r.type === "AWS::KMS::Key") ?? resources[0];
  if (key !== undefined) return key.ARN;
  const keyId = event.requestParameters?.["keyId"];
  if (typeof keyId === "string" && keyId !== "") return keyId;
  const metadata = event.responseElements?.["keyMetadata"];
  const arn = typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>)["arn"] : undefined;
  return typeof arn === "string" && arn !== "" ? arn : undefined;
}

/** Refreshes `key` to most recently used, and drops the least recently used past `cap`. */
export function touch<K, V>(map: Map<K, V>, key: K, value: V, cap = MAX_TRACKED): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) map.delete(map.keys().next().value as K);
}

export function touchSet<K>(set: Set<K>, key: K, cap = MAX_TRACKED): void {
  set.delete(key);
  set.add(key);
  while (set.size > cap) set.delete(set.values().next().value as K);
}

export function appendEvidence(evidence: readonly string[], eventId: string): readonly string[] {
  return Object.freeze([...evidence, eventId].slice(-MAX_EVIDENCE));
}
