/**
 * The Principal and NotPrincipal elements of key policies and role trust policies.
 *
 * Accepted AWS principals (IAM guide, Principal element): "*", a 12-digit account id, or the ARN
 * of an account root, IAM user, IAM role or role session. "You cannot use a wildcard to match part
 * of a principal name or ARN", so `*` is accepted only on its own. ARNs are compared exactly, case
 * included: AWS resolves a principal ARN to the entity's unique id when the policy is saved; a
 * spelling that differs from the entity's ARN therefore names nothing here.
 */
import { PolicySyntaxError } from "./errors.js";
import { isJsonObject, type JsonValue } from "./json.js";

export type PrincipalEntry =
  | { readonly kind: "any" }
  /** A 12-digit id, or arn:<partition>:iam::<id>:root (then `partition` is set). */
  | { readonly kind: "account"; readonly accountId: string; readonly partition?: string }
  | { readonly kind: "user"; readonly arn: string }
  | { readonly kind: "role"; readonly arn: string }
  | { readonly kind: "session"; readonly arn: string }
  | { readonly kind: "service"; readonly name: string }
  /** Federated and CanonicalUser principals are accepted but never match: Strongbox has neither. */
  | { readonly kind: "federated"; readonly id: string }
  | { readonly kind: "canonicalUser"; readonly id: string };

export interface PrincipalFacts {
  /** arn:aws:iam::<acct>:root | arn:aws:iam::<acct>:user/<path><name> | arn:aws:sts::<acct>:assumed-role/<role>/<session>; a service principal's name. */
  readonly arn: string;
  readonly accountId: string;
  readonly type: "Root" | "User" | "AssumedRole";
  /** For AssumedRole: arn:aws:iam::<acct>:role/<path><name>. */
  readonly roleArn?: string;
  /** The unique id of the user (AIDA...) or of the role behind the session (AROA...). */
  readonly uniqueId?: string;
}

/**
 * The unique ids the users and roles a policy names had when it was written, by ARN. AWS keeps
 * principals by unique id, so that a principal deleted and created again under the same name is
 * not the one the policy meant; an ARN with a pin matches only the principal that still has it.
 */
export type PrincipalPins = ReadonlyMap<string, string>;

const pinHolds = (pins: PrincipalPins | undefined, arn: string, who: PrincipalFacts): boolean => {
  const pinned = pins?.get(arn);
  return pinned === undefined || pinned === who.uniqueId;
};

export const INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals.";

const PARTITION = "aws(?:-[a-z]+)*";
const NAME = "[\\w+=,.@-]+";
// IAM paths may hold any printable ASCII; `*` and `?` are refused (no partial wildcards).
const PATH = "(?:[!-)+-.0->@-~]+/)*";
const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = new RegExp(`^arn:(${PARTITION}):iam::(\\d{12}):root$`);
const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/${PATH}${NAME}$`);
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/${PATH}${NAME}$`);
const SESSION_ARN = new RegExp(`^arn:${PARTITION}:sts::\\d{12}:assumed-role/${NAME}/${NAME}$`);
const SERVICE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/;
const ARN_PARTITION = /^arn:([^:]*):/;

function awsPrincipal(value: string): PrincipalEntry | undefined {
  if (value === "*") return { kind: "any" };
  if (ACCOUNT_ID.test(value)) return { kind: "account", accountId: value };
  const root = ROOT_ARN.exec(value);
  if (root) return { kind: "account", accountId: root[2]!, partition: root[1]! };
  if (USER_ARN.test(value)) return { kind: "user", arn: value };
  if (ROLE_ARN.test(value)) return { kind: "role", arn: value };
  if (SESSION_ARN.test(value)) return { kind: "session", arn: value };
  return undefined;
}

const PRINCIPAL_TYPES: Readonly<Record<string, (value: string) => PrincipalEntry | undefined>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, (value: string) => PrincipalEntry | undefined>, {
    AWS: awsPrincipal,
    Service: (v: string): PrincipalEntry | undefined => (SERVICE.test(v) ? { kind: "service", name: v } : undefined),
    Federated: (v: string): PrincipalEntry | undefined => (v.length > 0 && !/[*?\s]/.test(v) ? { kind: "federated", id: v } : undefined),
    CanonicalUser: (v: string): PrincipalEntry | undefined => (CANONICAL_USER.test(v) ? { kind: "canonicalUser", id: v } : undefined),
  }),
);

/** Parses a Principal or NotPrincipal value; `where` names the statement for the message. */
export function parsePrincipal(json: JsonValue, where: string): PrincipalEntry[] {
  const invalid = (detail: string): never => {
    throw new PolicySyntaxError(`${INVALID_PRINCIPALS} (${where}: ${detail})`);
  };
  if (json === "*") return [{ kind: "any" }];
  if (!isJsonObject(json)) return invalid('a principal is "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}');
  if (json.size === 0) invalid("the principal object is empty");
  const out: PrincipalEntry[] = [];
  for (const [type, values] of json) {
    const read = PRINCIPAL_TYPES[type];
    if (!read) invalid(`unknown principal type "${type}"; use AWS, Service, Federated or CanonicalUser`);
    const list = typeof values === "string" ? [values] : Array.isArray(values) ? (values as JsonValue[]) : invalid(`the ${type} principal must be a string or an array of strings`);
    if (list.length === 0) invalid(`the ${type} principal list is empty`);
    for (const v of list) {
      if (typeof v !== "string") return invalid(`the ${type} principal must be a string or an array of strings`);
      out.push(read!(v) ?? invalid(`"${v}" is not a valid ${type} principal`));
    }
  }
  return out;
}

function partitionOf(arn: string): string | undefined {
  return ARN_PARTITION.exec(arn)?.[1];
}

function accountMatches(entry: { accountId: string; partition?: string }, who: PrincipalFacts): boolean {
  if (entry.accountId !== who.accountId || !who.arn.startsWith("arn:")) return false;
  return entry.partition === undefined || entry.partition === partitionOf(who.arn);
}

/**
 * How a Principal element admits the caller: "principal" when it names the caller (or anyone),
 * "account" when it names only the caller's account (the account's IAM policies must then also
 * allow, unless the caller is that account's root), undefined when it does not apply.
 */
export function matchPrincipal(entries: readonly PrincipalEntry[], who: PrincipalFacts, pins?: PrincipalPins): "principal" | "account" | undefined {
  let viaAccount = false;
  for (const e of entries) {
    switch (e.kind) {
      case "any":
        return "principal";
      case "account":
        if (accountMatches(e, who)) viaAccount = true;
        break;
      case "user":
        if (who.type === "User" && who.arn === e.arn && pinHolds(pins, e.arn, who)) return "principal";
        break;
      case "role":
        if (who.type === "AssumedRole" && who.roleArn === e.arn && pinHolds(pins, e.arn, who)) return "principal";
        break;
      case "session":
        if (who.type === "AssumedRole" && who.arn === e.arn) return "principal";
        break;
      case "service":
        if (who.arn === e.name) return "principal";
        break;
      case "federated":
      case "canonicalUser":
        break;
    }
  }
  return viaAccount ? "account" : undefined;
}

/**
 * Whether a NotPrincipal element (Deny only) leaves the caller out. IAM guide: "AWS might verify
 * the account first and then the user. If an assumed-role user is being evaluated, AWS might
 * verify the account first, then the role, and then the assumed-role user", and asks authors to
 * list the account's ARN too, otherwise the whole account is denied; its example for a role session
 * lists the session, the role and the account. So the caller is exempt only if every identity it
 * carries is listed: root → account; user → account and user; role session → account, role and
 * that session's ARN; service → service name. Listing less denies (the safe side for a Deny).
 */
export function exemptedByNotPrincipal(entries: readonly PrincipalEntry[], who: PrincipalFacts, pins?: PrincipalPins): boolean {
  if (entries.some((e) => e.kind === "any")) return true;
  const listed = (test: (e: PrincipalEntry) => boolean): boolean => entries.some(test);
  if (!who.arn.startsWith("arn:")) return listed((e) => e.kind === "service" && e.name === who.arn);
  const accountListed = listed((e) => e.kind === "account" && accountMatches(e, who));
  switch (who.type) {
    case "Root":
      return accountListed;
    case "User":
      return accountListed && listed((e) => e.kind === "user" && e.arn === who.arn && pinHolds(pins, e.arn, who));
    case "AssumedRole": {
      const roleListed = listed((e) => e.kind === "role" && e.arn === who.roleArn && pinHolds(pins, e.arn, who));
      const sessionListed = listed((e) => e.kind === "session" && e.arn === who.arn);
      return accountListed && roleListed && sessionListed;
    }
  }
}
