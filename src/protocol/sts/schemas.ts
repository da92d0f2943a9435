import { z } from "zod";
import { queryInteger } from "../query/fields.js";
import { unsupported } from "../query/unsupported.js";

/** Wire schemas of the STS operations, with the constraints of the AWS service model (STS 2011-06-15). */
export const stsSchemas = {
  GetCallerIdentity: z.object({}).transform((): Record<string, never> => ({})),
  AssumeRole: z.object({
    RoleArn: z.string().min(20).max(2048),
    RoleSessionName: z.string().min(2).max(64).regex(/^[\w+=,.@-]*$/),
    DurationSeconds: queryInteger(900, 43200).optional(),
    ExternalId: z.string().min(2).max(1224).regex(/^[\w+=,.@:/-]*$/).optional(),
    // Session policies, session tags, MFA and source identity are not offered (yet).
    Policy: unsupported("Policy"),
    PolicyArns: unsupported("PolicyArns"),
    Tags: unsupported("Tags"),
    TransitiveTagKeys: unsupported("TransitiveTagKeys"),
    SerialNumber: unsupported("SerialNumber"),
    TokenCode: unsupported("TokenCode"),
    SourceIdentity: unsupported("SourceIdentity"),
    ProvidedContexts: unsupported("ProvidedContexts"),
  }),
};
