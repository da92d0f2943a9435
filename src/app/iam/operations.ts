import { makeCreateAccessKey } from "./create-access-key.js";
import { makeCreateRole } from "./create-role.js";
import { makeCreateUser } from "./create-user.js";
import { makeDeleteAccessKey } from "./delete-access-key.js";
import { makeDeleteRole } from "./delete-role.js";
import { makeDeleteUser } from "./delete-user.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { makeGetRole } from "./get-role.js";
import { makeGetUser } from "./get-user.js";
import {
  makeDeleteRolePolicy,
  makeDeleteUserPolicy,
  makeGetRolePolicy,
  makeGetUserPolicy,
  makeListRolePolicies,
  makeListUserPolicies,
  makePutRolePolicy,
  makePutUserPolicy,
} from "./inline-policies.js";
import { makeListAccessKeys } from "./list-access-keys.js";
import { makeListUsers } from "./list-users.js";
import type { IamActionName } from "./model.js";
import { makeListRoleTags, makeListUserTags, makeTagRole, makeTagUser, makeUntagRole, makeUntagUser } from "./principal-tags.js";
import { makeUpdateAccessKey } from "./update-access-key.js";

export interface IamOperation<K extends IamActionName> {
  /** The IAM action, e.g. iam:CreateUser (each handler asks the policy gate for it on its resource). */
  readonly action: string;
  readonly readOnly: boolean;
  readonly handler: IamHandler<K>;
}

export type IamOperations = { readonly [K in IamActionName]: IamOperation<K> };

const op = <K extends IamActionName>(name: K, readOnly: boolean, handler: IamHandler<K>): IamOperation<K> => ({ action: `iam:${name}`, readOnly, handler });

/** The IAM operation table: one row per operation. */
export function makeIamOperations(deps: IamDeps): IamOperations {
  return {
    CreateUser: op("CreateUser", false, makeCreateUser(deps)),
    GetUser: op("GetUser", true, makeGetUser(deps)),
    ListUsers: op("ListUsers", true, makeListUsers(deps)),
    DeleteUser: op("DeleteUser", false, makeDeleteUser(deps)),
    CreateAccessKey: op("CreateAccessKey", false, makeCreateAccessKey(deps)),
    ListAccessKeys: op("ListAccessKeys", true, makeListAccessKeys(deps)),
    UpdateAccessKey: op("UpdateAccessKey", false, makeUpdateAccessKey(deps)),
    DeleteAccessKey: op("DeleteAccessKey", false, makeDeleteAccessKey(deps)),
    PutUserPolicy: op("PutUserPolicy", false, makePutUserPolicy(deps)),
    GetUserPolicy: op("GetUserPolicy", true, makeGetUserPolicy(deps)),
    DeleteUserPolicy: op("DeleteUserPolicy", false, makeDeleteUserPolicy(deps)),
    ListUserPolicies: op("ListUserPolicies", true, makeListUserPolicies(deps)),
    CreateRole: op("CreateRole", false, makeCreateRole(deps)),
    GetRole: op("GetRole", true, makeGetRole(deps)),
    DeleteRole: op("DeleteRole", false, makeDeleteRole(deps)),
    PutRolePolicy: op("PutRolePolicy", false, makePutRolePolicy(deps)),
    GetRolePolicy: op("GetRolePolicy", true, makeGetRolePolicy(deps)),
    DeleteRolePolicy: op("DeleteRolePolicy", false, makeDeleteRolePolicy(deps)),
    ListRolePolicies: op("ListRolePolicies", true, makeListRolePolicies(deps)),
    TagUser: op("TagUser", false, makeTagUser(deps)),
    UntagUser: op("UntagUser", false, makeUntagUser(deps)),
    ListUserTags: op("ListUserTags", true, makeListUserTags(deps)),
    TagRole: op("TagRole", false, makeTagRole(deps)),
    UntagRole: op("UntagRole", false, makeUntagRole(deps)),
    ListRoleTags: op("ListRoleTags", true, makeListRoleTags(deps)),
  };
}
