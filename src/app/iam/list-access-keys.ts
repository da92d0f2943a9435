import { accessKeyOwner } from "./access-key-owner.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { pageOf } from "./pagination.js";

export function makeListAccessKeys(deps: Pick<IamDeps, "iam" | "authorize" | "credentials">): IamHandler<"ListAccessKeys"> {
  return async (input, ctx) => {
    const owner = await accessKeyOwner(deps, ctx, "ListAccessKeys", input.UserName);
    const { page, ...more } = pageOf(await deps.credentials.listForPrincipal(owner.principalArn), input);
    return {
      AccessKeyMetadata: page.map((key) => ({
        ...(owner.userName !== undefined ? { UserName: owner.userName } : {}),
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        CreateDate: key.createdAt,
      })),
      ...more,
    };
  };
}
