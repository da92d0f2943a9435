import { ServiceError } from "../../core/errors.js";
import { checkResourcePolicy } from "../../core/secrets/resource-policy.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret, loadSecret } from "./secret-access.js";

const MAX_POLICY_LENGTH = 20_480;

/** GetResourcePolicy: the policy as it was stored; no ResourcePolicy member when there is none. */
export function makeGetResourcePolicy(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"GetResourcePolicy"> {
  return async (input, ctx) => {
    const secret = await loadSecret(deps, ctx, "secretsmanager:GetResourcePolicy", input.SecretId);
    return { ARN: secret.arn, Name: secret.name, ...(secret.resourcePolicy !== undefined ? { ResourcePolicy: secret.resourcePolicy } : {}) };
  };
}

/**
 * PutResourcePolicy: a resource policy, checked as ValidateResourcePolicy checks it; with
 * BlockPublicPolicy a policy that grants public access is refused (core/secrets/resource-policy.ts).
 */
export function makePutResourcePolicy(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"PutResourcePolicy"> {
  return async (input, ctx) => {
    if (input.ResourcePolicy.length > MAX_POLICY_LENGTH) throw new ServiceError("MalformedPolicyDocumentException", `The policy is longer than ${MAX_POLICY_LENGTH} characters.`);
    const check = checkResourcePolicy(input.ResourcePolicy);
    if (check.syntaxError !== undefined) throw new ServiceError("MalformedPolicyDocumentException", `This resource policy contains a syntax error: ${check.syntaxError}`);
    if (input.BlockPublicPolicy === true && check.publicStatements.length > 0) {
      throw new ServiceError("PublicPolicyException", `BlockPublicPolicy is set and the resource policy grants public access (${check.publicStatements.join(", ")}).`);
    }
    return changeSecret(deps, ctx, "secretsmanager:PutResourcePolicy", input.SecretId, async (secret) => ({
      next: { ...secret, resourcePolicy: input.ResourcePolicy },
      result: { ARN: secret.arn, Name: secret.name },
    }), { conditions: { "secretsmanager:BlockPublicPolicy": input.BlockPublicPolicy === true } });
  };
}

/** DeleteResourcePolicy: leaves the secret to identity policies alone; deleting no policy succeeds. */
export function makeDeleteResourcePolicy(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"DeleteResourcePolicy"> {
  return async (input, ctx) =>
    changeSecret(deps, ctx, "secretsmanager:DeleteResourcePolicy", input.SecretId, async (secret) => {
      const result = { ARN: secret.arn, Name: secret.name };
      if (secret.resourcePolicy === undefined) return { result };
      const { resourcePolicy: _removed, ...rest } = secret;
      return { next: rest, result };
    });
}

/** ValidateResourcePolicy: syntax, and broad (public) access; a named secret must exist and be the caller's to validate for. */
export function makeValidateResourcePolicy(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"ValidateResourcePolicy"> {
  return async (input, ctx) => {
    if (input.SecretId !== undefined) await loadSecret(deps, ctx, "secretsmanager:ValidateResourcePolicy", input.SecretId, { allowDeleted: true });
    else await deps.authorize(ctx, { action: "secretsmanager:ValidateResourcePolicy", resource: "*", resourceAccountId: ctx.caller.accountId });
    const check = checkResourcePolicy(input.ResourcePolicy);
    const errors = [
      ...(check.syntaxError !== undefined ? [{ CheckName: "SYNTAX_CHECK", ErrorMessage: check.syntaxError }] : []),
      ...check.publicStatements.map((statement) => ({ CheckName: "BROAD_ACCESS_CHECK", ErrorMessage: `The ${statement} grants public access: its principal is a wildcard that no condition narrows to an account or organization.` })),
    ];
    return { PolicyValidationPassed: errors.length === 0, ValidationErrors: errors };
  };
}
