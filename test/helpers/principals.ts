import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand, TagUserCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { KMSClient } from "@aws-sdk/client-kms";
import { iamAs, policyDocument, stsAs, type Credentials } from "./iam.js";
import type { TestServer } from "./server.js";

export { createAccount } from "./iam.js";

export interface Principal {
  readonly name: string;
  readonly arn: string;
  readonly credentials: Credentials;
  readonly kms: KMSClient;
}

export const policy = policyDocument;

/** Creates an IAM user with an access key, the given inline policies and tags, as `admin`. */
export async function createUser(
  server: TestServer,
  admin: Credentials,
  name: string,
  options: { policies?: Record<string, string>; tags?: Record<string, string> } = {},
): Promise<Principal> {
  const iam = iamAs(server, admin);
  try {
    const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
    for (const [policyName, document] of Object.entries(options.policies ?? {})) {
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: policyName, PolicyDocument: document }));
    }
    if (options.tags) await iam.send(new TagUserCommand({ UserName: name, Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    return { name, arn: User!.Arn!, credentials, kms: server.kms({ credentials }) };
  } finally {
    iam.destroy();
  }
}

export async function createRole(server: TestServer, admin: Credentials, name: string, trust: string, policies: Record<string, string>): Promise<string> {
  const iam = iamAs(server, admin);
  try {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    for (const [policyName, document] of Object.entries(policies)) {
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: policyName, PolicyDocument: document }));
    }
    return Role!.Arn!;
  } finally {
    iam.destroy();
  }
}

export async function assumeRole(server: TestServer, as: Credentials, roleArn: string, sessionName: string, durationSeconds?: number): Promise<Principal> {
  const sts = stsAs(server, as);
  try {
    const { Credentials: c, AssumedRoleUser } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, ...(durationSeconds ? { DurationSeconds: durationSeconds } : {}) }),
    );
    const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    return { name: sessionName, arn: AssumedRoleUser!.Arn!, credentials, kms: server.kms({ credentials }) };
  } finally {
    sts.destroy();
  }
}
