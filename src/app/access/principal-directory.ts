import type { Caller } from "../../core/identity/caller.js";
import type { AccountRepository } from "../../ports/credential-repository.js";
import type { IamRepository } from "../../ports/iam-repository.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";
import { assumedRoleArn, principalTags, roleArn, rootPrincipalArn, userArn } from "../identity/principals.js";

const IAM_ARN = /^arn:([a-z-]+):iam::(\d{12}):(root|user\/.+|role\/.+)$/;
const SESSION_ARN = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/([^/]+)$/;
/** The session name a simulation of a role (named by its IAM ARN) is given. */
const SIMULATED_SESSION = "strongbox-simulation";

/** Splits "/path/name" into ("/path/", "name"). */
function pathAndName(rest: string): { path: string; name: string } {
  const at = rest.lastIndexOf("/");
  return { path: rest.slice(0, at + 1), name: rest.slice(at + 1) };
}

/** Principals named by ARN, looked up in the IAM store, as they would appear when calling. */
export function makePrincipalDirectory(deps: {
  iam: Pick<IamRepository, "getUser" | "getRole">;
  accounts: Pick<AccountRepository, "exists">;
  partition: string;
}): PrincipalDirectory {
  async function roleSession(accountId: string, roleName: string, sessionName: string, expectedPath?: string): Promise<Caller | undefined> {
    const role = await deps.iam.getRole(accountId, roleName);
    if (role === undefined || (expectedPath !== undefined && role.path !== expectedPath)) return undefined;
    return {
      accountId,
      principalArn: assumedRoleArn(deps.partition, accountId, role.roleName, sessionName),
      accessKeyId: "",
      principalType: "AssumedRole",
      userId: `${role.roleId}:${sessionName}`,
      roleArn: roleArn(deps.partition, accountId, role.path, role.roleName),
      principalTags: principalTags(role.tags),
    };
  }

  return {
    async describe(arn) {
      const session = SESSION_ARN.exec(arn);
      if (session) {
        const [, partition, accountId, roleName, sessionName] = session as unknown as [string, string, string, string, string];
        return partition === deps.partition ? roleSession(accountId, roleName, sessionName) : undefined;
      }
      const iam = IAM_ARN.exec(arn);
      if (!iam) return undefined;
      const [, partition, accountId, resource] = iam as unknown as [string, string, string, string];
      if (partition !== deps.partition) return undefined;
      if (resource === "root") {
        if (!(await deps.accounts.exists(accountId))) return undefined;
        return { accountId, principalArn: rootPrincipalArn(deps.partition, accountId), accessKeyId: "", principalType: "Root", userId: accountId, principalTags: {} };
      }
      if (resource.startsWith("role/")) {
        const { path, name } = pathAndName(resource.slice("role".length));
        return roleSession(accountId, name, SIMULATED_SESSION, path);
      }
      const { path, name } = pathAndName(resource.slice("user".length));
      const user = await deps.iam.getUser(accountId, name);
      if (user === undefined || user.path !== path) return undefined;
      return {
        accountId,
        principalArn: userArn(deps.partition, accountId, user.path, user.userName),
        accessKeyId: "",
        principalType: "User",
        userId: user.userId,
        userName: user.userName,
        principalTags: principalTags(user.tags),
      };
    },
  };
}
