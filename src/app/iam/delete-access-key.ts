import { accessKeyOwner } from "./access-key-owner.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { iamFail } from "./errors.js";

/** A deleted key is refused from the next request on: its cached entry is dropped at once. */
export function makeDeleteAccessKey(deps: Pick<IamDeps, "iam" | "authorize" | "credentials" | "forgetAccessKey">): IamHandler<"DeleteAccessKey"> {
  return async (input, ctx) => {
    const owner = await accessKeyOwner(deps, ctx, "DeleteAccessKey", input.UserName);
    if (!(await deps.credentials.delete(owner.principalArn, input.AccessKeyId))) throw iamFail.noSuchAccessKey(input.AccessKeyId);
    deps.forgetAccessKey(input.AccessKeyId);
    return {};
  };
}
