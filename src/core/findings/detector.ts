import type { AuditEvent } from "../audit/index.js";
import {
  DEFAULT_THRESHOLDS,
  KMS_SOURCE,
  MAX_EVIDENCE,
  SEVERITY,
  appendEvidence,
  keyOf,
  principalOf,
  touch,
  touchSet,
  type Finding,
  type FindingRule,
  type FindingThresholds,
} from "./finding.js";
import { opensToEveryone } from "./open-policy.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DENIED: ReadonlySet<string> = new Set(["AccessDeniedException", "AccessDenied"]);
const UNUSABLE: ReadonlySet<string> = new Set(["DisabledException", "KMSInvalidStateException"]);
/** The cryptographic operations; GenerateDataKey* is matched by prefix (…Pair, …WithoutPlaintext). */
const CRYPTO_OPS: ReadonlySet<string> = new Set([
  "Encrypt", "Decrypt", "ReEncrypt", "Sign", "Verify", "GenerateMac", "VerifyMac",
  "DeriveSharedSecret", "Encapsulate", "Decapsulate",
]);
const isCryptoOp = (name: string): boolean => CRYPTO_OPS.has(name) || name.startsWith("GenerateDataKey");

interface Denial { readonly time: number; readonly eventTime: string; readonly eventId: string }
interface DenialState { readonly denials: Denial[]; burst?: { readonly id: string; last: number } }
interface DecryptState { readonly firstHour: number; hour: number; count: number; earlierTotal: number; evidence: readonly string[]; flagged?: string }
interface UseState { readonly principals: Set<string>; readonly sources: Set<string> }
interface Seed { readonly firstSeen: string; readonly count: number; readonly evidence: readonly string[] }

/**
 * A GuardDuty-like detector over the audit stream. Events must arrive in time order; all state is
 * in memory, per instance, and bounded (windows pruned, every map capped at MAX_TRACKED).
 */
export class FindingDetector {
  private readonly thresholds: FindingThresholds;
  private readonly findings = new Map<string, Finding>();
  private readonly denials = new Map<string, DenialState>();
  private readonly decrypts = new Map<string, DecryptState>();
  private readonly uses = new Map<string, UseState>();

  constructor(thresholds: Partial<FindingThresholds> = {}) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  }

  /** Feeds one event; returns the findings it created or updated (usually none). */
  observe(event: AuditEvent, facts: { keyLastUsed?: Date } = {}): Finding[] {
    const time = Date.parse(event.eventTime);
    if (Number.isNaN(time)) return [];
    const out: Finding[] = [];
    const add = (finding: Finding | undefined): void => {
      if (finding !== undefined) out.push(finding);
    };
    const error = event.errorCode;
    if (error !== undefined && DENIED.has(error)) add(this.accessDenied(event, time));
    if (event.eventSource !== KMS_SOURCE) return out;
    const key = keyOf(event);
    if (key === undefined) return out;
    if (error !== undefined) {
      if (UNUSABLE.has(error)) add(this.unusableKey(event, key, error));
      return out;
    }
    if (event.eventName === "Decrypt") add(this.decryptVolume(event, key, time));
    if (isCryptoOp(event.eventName)) add(this.newPrincipalOrSource(event, key));
    if ((event.eventName === "PutKeyPolicy" || event.eventName === "CreateKey") && opensToEveryone(event.requestParameters?.["policy"])) {
      add(this.bump("PolicyOpenedToEveryone", event, key, (n) =>
        `${key} was given a key policy that allows every principal ("*") with no Condition${n > 1 ? ` (${n} times)` : ""}`));
    }
    if (event.eventName === "ScheduleKeyDeletion") add(this.recentlyUsedDeletion(event, key, time, facts.keyLastUsed));
    return out;
  }

  private accessDenied(event: AuditEvent, time: number): Finding | undefined {
    const principal = principalOf(event);
    if (principal === undefined) return undefined;
    const { accessDeniedBurst: threshold, accessDeniedWindowMs: window } = this.thresholds;
    const stateKey = `${event.recipientAccountId}|${principal}`;
    const state = this.denials.get(stateKey) ?? { denials: [] };
    touch(this.denials, stateKey, state);
    const { denials } = state;
    denials.push({ time, eventTime: event.eventTime, eventId: event.eventID });
    while (denials.length > 0 && (denials[0]!.time < time - window || denials.length > threshold + MAX_EVIDENCE)) denials.shift();
    const title = (first: string) => (n: number) =>
      `${principal} was refused ${n} times in ${Math.max(1, Math.ceil((time - Date.parse(first)) / 60_000))} minutes`;

    // A denial within one window of the burst's last one continues that burst.
    if (state.burst !== undefined && time - state.burst.last <= window) {
      state.burst.last = time;
      const finding = this.findings.get(state.burst.id);
      if (finding !== undefined) return this.bump("AccessDeniedBurst", event, principal, title(finding.firstSeen), state.burst.id);
    }
    state.burst = undefined;
    const inWindow = denials.filter((d) => d.time >= time - window);
    if (inWindow.length < threshold) return undefined;
    const first = inWindow[0]!;
    const id = findingId("AccessDeniedBurst", event.recipientAccountId, principal, first.eventTime);
    state.burst = { id, last: time };
    const seed = { firstSeen: first.eventTime, count: inWindow.length, evidence: inWindow.map((d) => d.eventId).slice(-MAX_EVIDENCE) };
    return this.bump("AccessDeniedBurst", event, principal, title(first.eventTime), id, seed);
  }

  private decryptVolume(event: AuditEvent, key: string, time: number): Finding | undefined {
    const hour = Math.floor(time / HOUR_MS);
    const stateKey = `${event.recipientAccountId}|${key}`;
    const state = this.decrypts.get(stateKey) ?? { firstHour: hour, hour, count: 0, earlierTotal: 0, evidence: [] };
    touch(this.decrypts, stateKey, state);
    if (hour > state.hour) {
      state.earlierTotal += state.count;
      state.hour = hour;
      state.count = 0;
      state.evidence = [];
      state.flagged = undefined;
    }
    state.count += 1;
    state.evidence = appendEvidence(state.evidence, event.eventID);
    if (state.flagged !== undefined && this.findings.has(state.flagged)) {
      return this.bump("DecryptVolumeAnomaly", event, key, anomalyTitle(key, state.hour), state.flagged);
    }
    // Quiet hours count as history: the baseline is the mean over every clock hour since the first Decrypt.
    const earlierHours = state.hour - state.firstHour;
    if (earlierHours < this.thresholds.decryptBaselineMinHours) return undefined;
    const average = state.earlierTotal / earlierHours;
    if (state.count <= Math.max(this.thresholds.decryptAnomalyMinimum, this.thresholds.decryptAnomalyFactor * average)) return undefined;
    const hourStart = new Date(state.hour * HOUR_MS).toISOString();
    state.flagged = findingId("DecryptVolumeAnomaly", event.recipientAccountId, key, hourStart);
    const seed = { firstSeen: hourStart, count: state.count, evidence: state.evidence };
    return this.bump("DecryptVolumeAnomaly", event, key, anomalyTitle(key, state.hour), state.flagged, seed);
  }

  private newPrincipalOrSource(event: AuditEvent, key: string): Finding | undefined {
    const principal = principalOf(event);
    const source = event.sourceIPAddress;
    const stateKey = `${event.recipientAccountId}|${key}`;
    const state = this.uses.get(stateKey);
    if (state === undefined) {
      // The key's first ever user and source are its baseline, not news.
      touch(this.uses, stateKey, { principals: new Set(principal === undefined ? [] : [principal]), sources: new Set([source]) });
      return undefined;
    }
    touch(this.uses, stateKey, state);
    const newPrincipal = principal !== undefined && !state.principals.has(principal);
    const newSource = !state.sources.has(source);
    if (principal !== undefined) touchSet(state.principals, principal);
    touchSet(state.sources, source);
    if (!newPrincipal && !newSource) return undefined;
    const latest = newPrincipal ? `new principal ${principal}${newSource ? ` from new source ${source}` : ""}` : `${principal ?? "a principal"} from new source ${source}`;
    return this.bump("NewPrincipalOrSourceForKey", event, key, (n) =>
      `${key} was used by ${latest}${n > 1 ? ` (${n} new principals or sources so far)` : ""}`);
  }

  private unusableKey(event: AuditEvent, key: string, error: string): Finding {
    return this.bump("UseOfUnusableKey", event, key, (n) =>
      `${key} was called ${n} ${n === 1 ? "time" : "times"} while unusable (latest: ${event.eventName} refused with ${error})`);
  }

  private recentlyUsedDeletion(event: AuditEvent, key: string, time: number, lastUsed: Date | undefined): Finding | undefined {
    if (lastUsed === undefined || Number.isNaN(lastUsed.getTime())) return undefined;
    const sinceUse = time - lastUsed.getTime();
    if (sinceUse > this.thresholds.recentUseDays * DAY_MS) return undefined;
    const days = Math.floor(Math.max(0, sinceUse) / DAY_MS);
    const ago = days === 0 ? "less than a day" : `${days} ${days === 1 ? "day" : "days"}`;
    return this.bump("DeletionOfRecentlyUsedKey", event, key, () =>
      `${key} was scheduled for deletion ${ago} after it was last used (${lastUsed.toISOString()})`);
  }

  /** Creates the finding (from `seed`, or from this event alone) or adds this event to it. */
  private bump(
    rule: FindingRule,
    event: AuditEvent,
    subject: string,
    title: (count: number) => string,
    id = findingId(rule, event.recipientAccountId, subject),
    seed?: Seed,
  ): Finding {
    const previous = this.findings.get(id);
    const base: Seed = previous !== undefined
      ? { firstSeen: previous.firstSeen, count: previous.count + 1, evidence: appendEvidence(previous.evidence, event.eventID) }
      : (seed ?? { firstSeen: event.eventTime, count: 1, evidence: [event.eventID] });
    const finding: Finding = Object.freeze({
      id,
      rule,
      severity: SEVERITY[rule],
      title: title(base.count),
      accountId: event.recipientAccountId,
      subject,
      firstSeen: base.firstSeen,
      lastSeen: event.eventTime,
      count: base.count,
      evidence: Object.freeze([...base.evidence]),
    });
    touch(this.findings, id, finding);
    return finding;
  }
}

function findingId(rule: FindingRule, accountId: string, subject: string, windowStart?: string): string {
  return [rule, accountId, subject, ...(windowStart !== undefined ? [windowStart] : [])].join("/");
}

const anomalyTitle = (key: string, hour: number) => (n: number): string =>
  `${key} was decrypted ${n} times in the hour from ${new Date(hour * HOUR_MS).toISOString()}, far above its baseline`;
