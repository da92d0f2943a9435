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
