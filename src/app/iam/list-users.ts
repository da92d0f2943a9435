import type { IamDeps, IamHandler } from "./deps.js";
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker } from "./pagination.js";
import { authorizeIam, ROOT_PATH, userView } from "./rules.js";

/** Users by name; as in AWS, the list leaves out tags (GetUser has them). */
export function makeListUsers(deps: Pick<IamDeps, "iam" | "authorize">): IamHandler<"ListUsers"> {
  return async (input, ctx) => {
    await authorizeIam(deps, ctx, "ListUsers", `arn:${ctx.partition}:iam::${ctx.caller.accountId}:user/`);
    const afterName = decodeMarker(input.Marker);
    const page = await deps.iam.listUsers(ctx.caller.accountId, {
      pathPrefix: input.PathPrefix ?? ROOT_PATH,
      ...(afterName !== undefined ? { afterName } : {}),
      limit: input.MaxItems ?? DEFAULT_MAX_ITEMS,
    });
    const last = page.items[page.items.length - 1];
    return {
      Users: page.items.map((user) => userView(ctx, user, { withTags: false })),
      IsTruncated: page.truncated,
      ...(page.truncated && last !== undefined ? { Marker: encodeMarker(last.userName) } : {}),
    };
  };
}
