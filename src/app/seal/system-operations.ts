import { ServiceError } from "../../core/errors.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";

/**
 * The signed operator operations on the service itself: seal now, and rotate the root key online.
 * They act on every account's keys, so only principals of the operator account may call them: its
 * root, or a user or role whose identity policy allows `strongbox:Seal` / `strongbox:RotateRootKey`.
 */
export function makeSystemOperations(deps: {
  readonly authorize: AuthorizeAccess;
  readonly operatorAccountId: string;
  readonly seal: () => void;
  readonly rotateRoot: () => Promise<{ readonly rootKey: string; readonly barrierTerms: number }>;
}) {
  const allow = async (ctx: RequestContext, action: string): Promise<void> => {
    if (ctx.caller.accountId !== deps.operatorAccountId) {
      throw new ServiceError("AccessDeniedException", `${ctx.caller.principalArn} is not authorized to perform: ${action}: only principals of the operator account ${deps.operatorAccountId} may.`);
    }
    await deps.authorize(ctx, { action, resource: "*", resourceAccountId: ctx.caller.accountId });
  };
  return {
    async seal(ctx: RequestContext): Promise<{ sealed: true }> {
      await allow(ctx, "strongbox:Seal");
      deps.seal();
      return { sealed: true };
    },
    async rotateRoot(ctx: RequestContext): Promise<{ rotated: true; rootKey: string; barrierTerms: number }> {
      await allow(ctx, "strongbox:RotateRootKey");
      const result = await deps.rotateRoot();
      return { rotated: true, ...result };
    },
  };
}

export type SystemOperations = ReturnType<typeof makeSystemOperations>;
