import type { IamTag } from "../../ports/iam-repository.js";

/**
 * The names AWS gives principals: ARNs, unique ids and access key ids. IAM ARNs carry no Region;
 * an assumed-role ARN is an STS ARN without the role's path, as AWS writes it.
 */
export function rootPrincipalArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function userArn(partition: string, accountId: string, path: string, userName: string): string {
  return `arn:${partition}:iam::${accountId}:user${path}${userName}`;
}

export function roleArn(partition: string, accountId: string, path: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
}

export function assumedRoleArn(partition: string, accountId: string, roleName: string, sessionName: string): string {
  return `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** `prefix` followed by `length` random base-32 characters (a byte masked to 5 bits is uniform). */
export function randomId(prefix: string, length: number, randomBytes: (n: number) => Buffer): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}

/** AWS unique ids: AIDA (user) or AROA (role) and 17 characters. */
export function newPrincipalId(kind: "user" | "role", randomBytes: (n: number) => Buffer): string {
  return randomId(kind === "user" ? "AIDA" : "AROA", 17, randomBytes);
}

/** aws:PrincipalTag/<key> facts from a principal's tags. */
export function principalTags(tags: readonly IamTag[]): Readonly<Record<string, string>> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}
