import { parsePolicies, type ParameterPolicy } from "./policies.js";

/**
 * When the policy sweep must next look at a parameter: the earliest moment one of its policies
 * comes due and has not been handled yet. No clock: the times come in.
 */
export function storedPolicies(texts: readonly string[]): readonly ParameterPolicy[] {
  // Stored policies were checked when written; an Expiration in the past is exactly what the sweep acts on.
  return texts.length === 0 ? [] : parsePolicies(`[${texts.join(",")}]`, Number.NEGATIVE_INFINITY);
}

export function nextPolicyCheck(policies: readonly ParameterPolicy[], lastModified: number, notified: readonly string[]): number | undefined {
  const expiration = policies.find((policy) => policy.Type === "Expiration");
  const times: number[] = [];
  if (expiration !== undefined) times.push(expiration.expiresAt);
  policies.forEach((policy, index) => {
    if (policy.Type === "ExpirationNotification" && expiration !== undefined && !notified.includes(`ExpirationNotification:${index}:${expiration.expiresAt}`)) {
      times.push(expiration.expiresAt - policy.beforeMs);
    }
    if (policy.Type === "NoChangeNotification" && !notified.includes(`NoChangeNotification:${index}:${lastModified}`)) times.push(lastModified + policy.afterMs);
  });
  return times.length === 0 ? undefined : Math.min(...times);
}

/** The keys of the events these policies can still fire, with their anchors (the expiry, the last modification). */
function liveKeys(policies: readonly ParameterPolicy[], lastModified: number): Map<ParameterPolicy, string> {
  const expiration = policies.find((policy) => policy.Type === "Expiration");
  const keys = new Map<ParameterPolicy, string>();
  policies.forEach((policy, index) => {
    if (policy.Type === "ExpirationNotification" && expiration !== undefined) keys.set(policy, `ExpirationNotification:${index}:${expiration.expiresAt}`);
    if (policy.Type === "NoChangeNotification") keys.set(policy, `NoChangeNotification:${index}:${lastModified}`);
  });
  return keys;
}

/** The handled-event keys that still mean something (a new version re-anchors NoChangeNotification): the list does not grow. */
export function currentNotified(policies: readonly ParameterPolicy[], lastModified: number, notified: readonly string[]): string[] {
  const live = new Set(liveKeys(policies, lastModified).values());
  return notified.filter((key) => live.has(key));
}

/** DescribeParameters' PolicyStatus: a notification already told for the current anchors is Finished; the rest Pending. */
export function policyStatus(policies: readonly ParameterPolicy[], lastModified: number, notified: readonly string[]): (policy: ParameterPolicy) => "Pending" | "Finished" {
  const keys = liveKeys(policies, lastModified);
  const told = new Set(notified);
  return (policy) => {
    const key = keys.get(policy);
    return key !== undefined && told.has(key) ? "Finished" : "Pending";
  };
}
