import type { SecretBytes } from "../../core/secret-bytes.js";
import type { AccessKeyStatus } from "../../ports/credential-repository.js";
import type { IamTag } from "../../ports/iam-repository.js";

/**
 * The typed inputs and outputs of the IAM operations Strongbox serves, with AWS's member names.
 * The protocol layer's schemas produce these inputs (src/protocol/iam/schemas.ts; the HTTP layer
 * checks at compile time that they do); the XML writer turns these outputs into the answer.
 */
export type IamActionName = keyof IamInputs;

interface Paged {
  readonly Marker?: string;
  readonly MaxItems?: number;
}
interface UserNamed {
  readonly UserName: string;
}
interface RoleNamed {
  readonly RoleName: string;
}
interface PolicyNamed {
  readonly PolicyName: string;
}

export interface IamInputs {
  CreateUser: UserNamed & { readonly Path?: string; readonly Tags?: readonly IamTag[] };
  GetUser: { readonly UserName?: string };
  ListUsers: Paged & { readonly PathPrefix?: string };
  DeleteUser: UserNamed;
  CreateAccessKey: { readonly UserName?: string };
  ListAccessKeys: Paged & { readonly UserName?: string };
  UpdateAccessKey: { readonly UserName?: string; readonly AccessKeyId: string; readonly Status: AccessKeyStatus };
  DeleteAccessKey: { readonly UserName?: string; readonly AccessKeyId: string };
  PutUserPolicy: UserNamed & PolicyNamed & { readonly PolicyDocument: string };
  GetUserPolicy: UserNamed & PolicyNamed;
  DeleteUserPolicy: UserNamed & PolicyNamed;
  ListUserPolicies: UserNamed & Paged;
  CreateRole: RoleNamed & {
    readonly Path?: string;
    readonly AssumeRolePolicyDocument: string;
    readonly Description?: string;
    readonly MaxSessionDuration?: number;
    readonly Tags?: readonly IamTag[];
  };
  GetRole: RoleNamed;
  DeleteRole: RoleNamed;
  PutRolePolicy: RoleNamed & PolicyNamed & { readonly PolicyDocument: string };
  GetRolePolicy: RoleNamed & PolicyNamed;
  DeleteRolePolicy: RoleNamed & PolicyNamed;
  ListRolePolicies: RoleNamed & Paged;
  TagUser: UserNamed & { readonly Tags: readonly IamTag[] };
  UntagUser: UserNamed & { readonly TagKeys: readonly string[] };
  ListUserTags: UserNamed & Paged;
  TagRole: RoleNamed & { readonly Tags: readonly IamTag[] };
  UntagRole: RoleNamed & { readonly TagKeys: readonly string[] };
  ListRoleTags: RoleNamed & Paged;
}

export interface UserView {
  readonly Path?: string;
  readonly UserName?: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  readonly Tags?: readonly IamTag[];
}

export interface RoleView {
  readonly Path: string;
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  /** URL-encoded on the wire, as AWS sends it (the protocol layer does that). */
  readonly AssumeRolePolicyDocument: string;
  readonly Description?: string;
  readonly MaxSessionDuration: number;
  readonly Tags?: readonly IamTag[];
}

export interface AccessKeyMetadata {
  readonly UserName?: string;
  readonly AccessKeyId: string;
  readonly Status: AccessKeyStatus;
  readonly CreateDate: Date;
}

interface Truncatable {
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}
type Empty = Record<string, never>;

export interface IamOutputs {
  CreateUser: { readonly User: UserView };
  GetUser: { readonly User: UserView };
  ListUsers: Truncatable & { readonly Users: readonly UserView[] };
  DeleteUser: Empty;
  CreateAccessKey: { readonly AccessKey: Omit<AccessKeyMetadata, "CreateDate"> & { readonly SecretAccessKey: SecretBytes; readonly CreateDate: Date } };
  ListAccessKeys: Truncatable & { readonly AccessKeyMetadata: readonly AccessKeyMetadata[] };
  UpdateAccessKey: Empty;
  DeleteAccessKey: Empty;
  PutUserPolicy: Empty;
  GetUserPolicy: { readonly UserName: string; readonly PolicyName: string; /** URL-encoded on the wire. */ readonly PolicyDocument: string };
  DeleteUserPolicy: Empty;
  ListUserPolicies: Truncatable & { readonly PolicyNames: readonly string[] };
  CreateRole: { readonly Role: RoleView };
  GetRole: { readonly Role: RoleView };
  DeleteRole: Empty;
  PutRolePolicy: Empty;
  GetRolePolicy: { readonly RoleName: string; readonly PolicyName: string; /** URL-encoded on the wire. */ readonly PolicyDocument: string };
  DeleteRolePolicy: Empty;
  ListRolePolicies: Truncatable & { readonly PolicyNames: readonly string[] };
  TagUser: Empty;
  UntagUser: Empty;
  ListUserTags: Truncatable & { readonly Tags: readonly IamTag[] };
  TagRole: Empty;
  UntagRole: Empty;
  ListRoleTags: Truncatable & { readonly Tags: readonly IamTag[] };
}
