import type { ZodType } from "zod";
import type { OperationTable } from "../app/operation-table.js";
import { parseInput } from "../protocol/validation.js";
import { disposeSecrets } from "./dispose-output.js";
import type { RequestContext } from "../app/context.js";

/** One operation of a service, bound from its wire schema and its use case. */
export interface BoundOperation {
  readonly name: string;
  /** The IAM action, e.g. kms:Encrypt. */
  readonly action: string;
  readonly readOnly: boolean;
  invoke(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown>;
}

/** An AWS JSON service: how requests reach it and what it can do. */
export interface JsonService {
  /** X-Amz-Target prefix, e.g. "TrentService.". */
  readonly targetPrefixes: readonly string[];
  /** The SigV4 service name in the credential scope, e.g. "kms". */
  readonly signingName: string;
  /** Which service the audit trail names as the event source. */
  readonly auditSource: "kms" | "strongbox" | "cloudtrail" | "secretsmanager" | "ssm";
  readonly operations: ReadonlyMap<string, BoundOperation>;
  /** The error type this service answers unexpected faults with. */
  readonly internalErrorType: "KMSInternalException" | "InternalServiceError" | "InternalServerError";
  /** The member of its error bodies that holds the text: KMS writes "message", Secrets Manager "Message". */
  readonly errorMessageMember?: "message" | "Message";
}

/**
 * Joins each wire schema with its use case, by operation name: parse, run, and wipe the secrets
 * of the input afterwards, whatever the use case did with them (a second dispose is harmless).
 */
export function bindOperations<Inputs, Outputs>(
  operations: OperationTable<Inputs, Outputs>,
  schemas: { readonly [K in keyof Inputs & keyof Outputs]: ZodType<Inputs[K], unknown> },
): Map<string, BoundOperation> {
  const bound = new Map<string, BoundOperation>();
  for (const name of Object.keys(operations) as (keyof Inputs & keyof Outputs & string)[]) {
    const { action, readOnly, handler } = operations[name];
    const schema = schemas[name];
    bound.set(name, {
      name,
      action,
      readOnly,
      async invoke(raw, ctx) {
        const input = parseInput(schema, raw);
        try {
          return await handler(input, ctx);
        } finally {
          disposeSecrets(input);
        }
      },
    });
  }
  return bound;
}
