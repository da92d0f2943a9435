import { z } from "zod";
import type { SecretsInputs, SecretsOperationName } from "../../core/secrets/operations.js";

/**
 * Wire schemas of the Secrets Manager operations, with the constraints of the AWS service model
 * (botocore secretsmanager/2017-10-17; docs/research/secrets-manager-reference.md §9).
 */
export const SECRETS_TARGET_PREFIXES: readonly string[] = ["secretsmanager."];

export const secretsSchemas: { readonly [K in SecretsOperationName]: z.ZodType<SecretsInputs[K], unknown> } = {
  GetRandomPassword: z.object({
    PasswordLength: z.number().int().min(1).max(4096).optional(),
    ExcludeCharacters: z.string().min(0).max(4096).optional(),
    ExcludeNumbers: z.boolean().optional(),
    ExcludePunctuation: z.boolean().optional(),
    ExcludeUppercase: z.boolean().optional(),
    ExcludeLowercase: z.boolean().optional(),
    IncludeSpace: z.boolean().optional(),
    RequireEachIncludedType: z.boolean().optional(),
  }),
};
