import { accessKeyOwner } from "./access-key-owner.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { iamFail } from "./errors.js";

/** An Inactive key is refused from the next request on: its cached entry is dropped at once. */
export function makeUpdateAccessKey(deps: Pick<IamDeps, "iam" | "authorize" | "credentials" | "forgetAccessKey">): IamHandler<"UpdateAccessKey"> {
  return async (input, ctx) => {
    const owner = await accessKeyOwner(deps, ctx, "UpdateAccessKey", input.UserName);
    if (!(await deps.credentials.setStatus(owner.principalArn, input.AccessKeyId, input.Status))) throw iamFail.noSuchAccessKey(input.AccessKeyId);
    deps.forgetAccessKey(input.AccessKeyId);
    return {};
  };
}
