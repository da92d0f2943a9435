import { accessKeySecretIdentity } from "../../core/barrier.js";
import { generateAccessKey } from "../identity/bootstrap-admin.js";
import { accessKeyOwner } from "./access-key-owner.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import { LIMITS } from "./rules.js";

/** The secret is returned once and stored only as a sealed box under the barrier. */
export function makeCreateAccessKey(deps: Pick<IamDeps, "iam" | "authorize" | "credentials" | "barrier" | "randomBytes">): IamHandler<"CreateAccessKey"> {
  return async (input, ctx) => {
    const owner = await accessKeyOwner(deps, ctx, "CreateAccessKey", input.UserName);
    const { accessKeyId, secretAccessKey } = generateAccessKey(deps.randomBytes);
    try {
      const outcome = await deps.credentials.createLimited(
        {
          accessKeyId,
          accountId: ctx.caller.accountId,
          principalArn: owner.principalArn,
          wrappedSecret: deps.barrier().seal(secretAccessKey, accessKeySecretIdentity(accessKeyId)),
          status: "Active",
          createdAt: ctx.now,
          ...(owner.userId !== undefined ? { userId: owner.userId } : {}),
        },
        LIMITS.accessKeysPerUser,
      );
      if (outcome === "limit") throw new IamError("LimitExceeded", `Cannot exceed quota for AccessKeysPerUser: ${LIMITS.accessKeysPerUser}`);
      if (outcome === "owner-missing") throw iamFail.noSuchUser(owner.userName ?? "");
      if (outcome === "id-taken") throw new Error("a generated access key id exists already");
    } catch (error) {
      secretAccessKey.dispose();
      throw error;
    }
    return {
      AccessKey: {
        ...(owner.userName !== undefined ? { UserName: owner.userName } : {}),
        AccessKeyId: accessKeyId,
        Status: "Active",
        SecretAccessKey: secretAccessKey,
        CreateDate: ctx.now,
      },
    };
  };
}
