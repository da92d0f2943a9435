import { z } from "zod";
import { queryInteger, queryList } from "../query/fields.js";
import { unsupported } from "../query/unsupported.js";

/**
 * Wire schemas of the IAM operations, with the constraints of the AWS service model (IAM
 * 2010-05-08). The HTTP layer checks at compile time that each produces the input its use case
 * takes (src/app/iam/model.ts).
 */
const NAME = /^[\w+=,.@-]+$/;
const newUserName = z.string().min(1).max(64).regex(NAME);
const existingUserName = z.string().min(1).max(128).regex(NAME);
const roleName = z.string().min(1).max(64).regex(NAME);
const policyName = z.string().min(1).max(128).regex(NAME);
const path = z.string().min(1).max(512).regex(/^(\u002F|\u002F[\u0021-\u007E]+\u002F)$/);
const pathPrefix = z.string().min(1).max(512).regex(/^\u002F[\u0021-\u007F]*$/);
const policyDocument = z.string().min(1).max(131072).regex(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/);
const description = z.string().min(0).max(1000).regex(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/);
const tagKey = z.string().min(1).max(128).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u);
const tagValue = z.string().min(0).max(256).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
const tags = queryList(z.object({ Key: tagKey, Value: tagValue }), { max: 50 });
const tagKeys = queryList(tagKey, { max: 50 });
const accessKeyId = z.string().min(16).max(128).regex(/^[\w]+$/);
const paged = { Marker: z.string().min(1).max(320).regex(/^[\u0020-\u00FF]+$/).optional(), MaxItems: queryInteger(1, 1000).optional() };

const user = { UserName: existingUserName };
const role = { RoleName: roleName };

export const iamSchemas = {
  CreateUser: z.object({ UserName: newUserName, Path: path.optional(), Tags: tags.optional(), PermissionsBoundary: unsupported("PermissionsBoundary") }),
  GetUser: z.object({ UserName: existingUserName.optional() }),
  ListUsers: z.object({ PathPrefix: pathPrefix.optional(), ...paged }),
  DeleteUser: z.object(user),
  CreateAccessKey: z.object({ UserName: existingUserName.optional() }),
  ListAccessKeys: z.object({ UserName: existingUserName.optional(), ...paged }),
  UpdateAccessKey: z.object({ UserName: existingUserName.optional(), AccessKeyId: accessKeyId, Status: z.enum(["Active", "Inactive"]) }),
  DeleteAccessKey: z.object({ UserName: existingUserName.optional(), AccessKeyId: accessKeyId }),
  PutUserPolicy: z.object({ ...user, PolicyName: policyName, PolicyDocument: policyDocument }),
  GetUserPolicy: z.object({ ...user, PolicyName: policyName }),
  DeleteUserPolicy: z.object({ ...user, PolicyName: policyName }),
  ListUserPolicies: z.object({ ...user, ...paged }),
  CreateRole: z.object({
    ...role,
    Path: path.optional(),
    AssumeRolePolicyDocument: policyDocument,
    Description: description.optional(),
    MaxSessionDuration: queryInteger(3600, 43200).optional(),
    Tags: tags.optional(),
    PermissionsBoundary: unsupported("PermissionsBoundary"),
  }),
  GetRole: z.object(role),
  DeleteRole: z.object(role),
  PutRolePolicy: z.object({ ...role, PolicyName: policyName, PolicyDocument: policyDocument }),
  GetRolePolicy: z.object({ ...role, PolicyName: policyName }),
  DeleteRolePolicy: z.object({ ...role, PolicyName: policyName }),
  ListRolePolicies: z.object({ ...role, ...paged }),
  TagUser: z.object({ ...user, Tags: tags }),
  UntagUser: z.object({ ...user, TagKeys: tagKeys }),
  ListUserTags: z.object({ ...user, ...paged }),
  TagRole: z.object({ ...role, Tags: tags }),
  UntagRole: z.object({ ...role, TagKeys: tagKeys }),
  ListRoleTags: z.object({ ...role, ...paged }),
};

/** Members whose value IAM answers URL-encoded (policy documents), as the AWS tools expect. */
const URL_ENCODED_MEMBERS = new Set(["PolicyDocument", "AssumeRolePolicyDocument"]);

/** The output with its policy documents URL-encoded, as IAM sends them. */
export function encodePolicyDocuments<T>(value: T): T {
  if (Array.isArray(value)) return value.map(encodePolicyDocuments) as T;
  if (value === null || typeof value !== "object" || value instanceof Date || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [key, URL_ENCODED_MEMBERS.has(key) && typeof member === "string" ? encodeURIComponent(member) : encodePolicyDocuments(member)]),
  ) as T;
}
