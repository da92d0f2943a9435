import { ServiceError } from "../../core/errors.js";
import type { Caller } from "../../core/identity/caller.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import { conditionContext, type AccessRequest, type PrincipalFacts, type PrincipalPins } from "../../core/policy/index.js";
import type { AliasRepository } from "../../ports/alias-repository.js";
import type { GrantRepository } from "../../ports/grant-repository.js";
import type { IdentityPolicySource } from "../../ports/identity-policies.js";
import type { AuthorizeAccess, AuthorizeKeyAccess, KeyAccess, ResourceAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { grantAllows, grantAllowsChildGrant, granteeMatches } from "../kms/grant-rules.js";
import { encryptionContextKeys, globalConditionKeys, keyConditionKeys, mergeFacts } from "./condition-keys.js";
import { decide, denialReason, type Decision, type LabelledPolicy } from "./decision.js";
import { uniqueIdOf } from "./named-principals.js";
import type { KnownPolicy, ParsedPolicies } from "./parsed-policies.js";

export interface PolicyGateDeps {
  readonly identityPolicies: IdentityPolicySource;
  readonly grants: Pick<GrantRepository, "listForKey">;
  readonly aliases: Pick<AliasRepository, "list">;
  readonly parsed: ParsedPolicies;
}

/** The policy gate: decides, explains, and (for the use cases) throws AccessDeniedException. */
export interface PolicyGate {
  readonly authorizeKey: AuthorizeKeyAccess;
  readonly authorize: AuthorizeAccess;
  explainKey(ctx: RequestContext, access: KeyAccess): Promise<Decision>;
  explain(ctx: RequestContext, access: ResourceAccess): Promise<Decision>;
}

/** The request context of a decision no policy in force can read. */
const NO_CONTEXT = conditionContext({});

/** Most keys have a handful of aliases; kms:ResourceAliases reads up to this many. */
const MAX_RESOURCE_ALIASES = 100;

export function principalFacts(caller: Caller): PrincipalFacts {
  return {
    arn: caller.principalArn,
    accountId: caller.accountId,
    type: caller.principalType,
    ...(caller.roleArn ? { roleArn: caller.roleArn } : {}),
    ...(caller.principalType !== "Root" ? { uniqueId: uniqueIdOf(caller) } : {}),
  };
}

const pinsOf = (pins: Readonly<Record<string, string>> | undefined): PrincipalPins => new Map(Object.entries(pins ?? {}));

export function makePolicyGate(deps: PolicyGateDeps): PolicyGate {
  interface CallerPolicies {
    readonly labelled: "account-root" | LabelledPolicy[];
    readonly readsResourceAliases: boolean;
    readonly readsContext: boolean;
  }

  async function identityPoliciesOf(caller: Caller): Promise<CallerPolicies> {
    if (caller.principalType === "Root") return { labelled: "account-root", readsResourceAliases: false, readsContext: false };
    const attached = await deps.identityPolicies.policiesFor(caller);
    const known = attached.map((p) => ({ label: `identity policy ${p.policyName} of ${p.attachedTo}`, ...deps.parsed.get(p.document, "identity") }));
    return {
      labelled: known.map(({ label, policy }) => ({ label, policy })),
      readsResourceAliases: known.some((k) => k.readsResourceAliases),
      readsContext: known.some((k) => k.readsContext),
    };
  }

  /** kms:ResourceAliases, read from the store only when some policy in force asks for it. */
  async function resourceAliases(key: KmsKey, keyPolicy: KnownPolicy, identity: CallerPolicies): Promise<readonly string[] | undefined> {
    if (!keyPolicy.readsResourceAliases && !identity.readsResourceAliases) return undefined;
    const page = await deps.aliases.list(key.accountId, key.region, { targetKeyId: key.keyId, limit: MAX_RESOURCE_ALIASES });
    return page.aliases.map((a) => a.aliasName);
  }

  async function explainKey(ctx: RequestContext, access: KeyAccess): Promise<Decision> {
    const { key } = access;
    const identity = await identityPoliciesOf(ctx.caller);
    const keyPolicy = deps.parsed.get(key.policy, "key");
    // What the request says comes first, what Strongbox knows last: no request fact can stand in
    // for the caller's identity or the key's own attributes. Built only when a policy in force can
    // read it (a condition or a policy variable): most calls meet only the default key policy.
    const context =
      keyPolicy.readsContext || identity.readsContext
        ? conditionContext(
            mergeFacts(
              encryptionContextKeys(access.encryptionContext),
              access.conditions,
              { "kms:ResourceAliases": await resourceAliases(key, keyPolicy, identity) },
              keyConditionKeys(key),
              globalConditionKeys(ctx),
            ),
          )
        : NO_CONTEXT;
    const request: AccessRequest = {
      principal: principalFacts(ctx.caller),
      action: access.action,
      resource: key.arn,
      context,
      principalPins: pinsOf(key.policyPins),
    };
    const decision = decide({
      request,
      resourceAccountId: key.accountId,
      resourcePolicy: { label: `the key policy of ${key.arn}`, kind: "key", policy: keyPolicy.policy },
      identityPolicies: identity.labelled,
    });
    if (decision.allowed || decision.reason.startsWith("explicit-deny")) return decision;
    const operation = access.action.slice(access.action.indexOf(":") + 1);
    // Only the caller's grants are read: a refused stranger costs one indexed lookup, not 50,000 rows.
    const grantees = ctx.caller.roleArn !== undefined ? [ctx.caller.principalArn, ctx.caller.roleArn] : [ctx.caller.principalArn];
    for (const grant of await deps.grants.listForKey(key, grantees)) {
      const allows =
        access.action === "kms:CreateGrant"
          ? access.childGrant !== undefined && grantAllowsChildGrant(grant, access.childGrant)
          : grantAllows(grant, operation, access.encryptionContext);
      if (allows && granteeMatches(grant, ctx.caller)) {
        return {
          allowed: true,
          reason: "allowed-by-grant",
          grantId: grant.grantId,
          explanation: `Grant ${grant.grantId} on ${key.arn} allows ${operation} to ${grant.granteePrincipal}${grant.constraints ? " within its encryption context constraint" : ""} (the policies alone would refuse: ${decision.explanation})`,
        };
      }
    }
    return decision;
  }

  const resourcePolicyOf = (resource: string, text: string, kind: "trust" | "resource") => ({
    label: kind === "trust" ? `the trust policy of ${resource}` : `the resource policy of ${resource}`,
    kind,
    policy: deps.parsed.get(text, kind).policy,
  });

  async function explain(ctx: RequestContext, access: ResourceAccess): Promise<Decision> {
    const request: AccessRequest = {
      principal: principalFacts(ctx.caller),
      action: access.action,
      resource: access.resource,
      context: conditionContext(mergeFacts(access.conditions, globalConditionKeys(ctx))),
      principalPins: pinsOf(access.resourcePolicyPins),
    };
    const decision = decide({
      request,
      resourceAccountId: access.resourceAccountId,
      ...(access.resourcePolicy !== undefined
        ? { resourcePolicy: resourcePolicyOf(access.resource, access.resourcePolicy, access.resourcePolicyKind ?? "trust") }
        : {}),
      identityPolicies: (await identityPoliciesOf(ctx.caller)).labelled,
    });
    if (!access.denyOnly || decision.allowed || decision.reason.startsWith("explicit-deny")) return decision;
    return { allowed: true, reason: "allowed-by-grant", explanation: `A grant lets ${ctx.caller.principalArn} ${access.action} on ${access.resource}, and no policy denies it.` };
  }

  const refuse = (ctx: RequestContext, action: string, resource: string, decision: Decision): ServiceError =>
    new ServiceError(
      "AccessDeniedException",
      `User: ${ctx.caller.principalArn} is not authorized to perform: ${action} on resource: ${resource} ${denialReason(decision, action)}`,
    );

  return {
    explainKey,
    explain,
    async authorizeKey(ctx, access) {
      const decision = await explainKey(ctx, access);
      if (!decision.allowed) throw refuse(ctx, access.action, access.key.arn, decision);
    },
    async authorize(ctx, access) {
      const decision = await explain(ctx, access);
      if (!decision.allowed) throw refuse(ctx, access.action, access.resource, decision);
    },
  };
}
