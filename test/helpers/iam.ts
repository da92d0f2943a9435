import { join } from "node:path";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256Hasher as Sha256 } from "../../src/core/crypto/sha256-hasher.js";
import { exposeSecretBytes } from "../../src/core/secret-bytes.js";
import { createAccountInDataDir } from "../../src/main.js";
import { ACCOUNT, ADMIN, REGION, type TestServer } from "./server.js";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const config = (server: TestServer, credentials: Credentials) => ({
  endpoint: server.url,
  region: REGION,
  credentials,
  systemClockOffset: server.clock.offsetMs,
  maxAttempts: 1,
});

/** Clients whose clock follows the test server's (create them after moving its clock). */
export const iamAs = (server: TestServer, credentials: Credentials = ADMIN) => new IAMClient(config(server, credentials));
export const stsAs = (server: TestServer, credentials: Credentials = ADMIN) => new STSClient(config(server, credentials));

export const policyDocument = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
export const allowAll = (action: string) => policyDocument({ Effect: "Allow", Action: action, Resource: "*" });
/** A trust policy that lets principals of `account` (its root by default) assume the role. */
export const trustAccount = (account: string = ACCOUNT) => policyDocument({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" });
/** A trust policy that names exactly this principal (a user's or role's ARN): no delegation to identity policies. */
export const trustPrincipal = (arn: string) => policyDocument({ Effect: "Allow", Principal: { AWS: arn }, Action: "sts:AssumeRole" });
/** The identity policy a user needs to assume a role whose trust policy names only its account. */
export const allowAssumeRole = () => allowAll("sts:AssumeRole");

export interface TestUser {
  readonly arn: string;
  readonly credentials: Credentials;
}

/**
 * An IAM user with these inline policies and one access key, made by `as` (the default account's
 * root unless given). The account root may not assume roles: tests assume them as such a user.
 */
export async function createUserWithKey(server: TestServer, name: string, policies: Record<string, string> = {}, as: Credentials = ADMIN): Promise<TestUser> {
  const iam = iamAs(server, as);
  try {
    const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
    for (const [PolicyName, PolicyDocument] of Object.entries(policies)) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { arn: User!.Arn!, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
  } finally {
    iam.destroy();
  }
}

export interface QueryAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * A Query request signed by the AWS SDK's own signer: form-encoded POST by default, GET with the
 * parameters in the (presigned) query string when `presign` is set.
 */
export async function queryCall(
  server: TestServer,
  service: "iam" | "sts",
  params: Record<string, string>,
  options: { credentials?: Credentials; presign?: boolean; unsigned?: boolean; region?: string } = {},
): Promise<QueryAnswer> {
  const url = new URL(server.url);
  const signer = new SignatureV4({ credentials: options.credentials ?? ADMIN, region: options.region ?? REGION, service, sha256: Sha256 });
  const signingDate = new Date(Date.now() + server.clock.offsetMs);
  const body = new URLSearchParams(params).toString();
  const request = {
    method: options.presign ? "GET" : "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: options.presign ? { ...params } : ({} as Record<string, string>),
    headers: { host: url.host, ...(options.presign ? {} : { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }) } as Record<string, string>,
    ...(options.presign ? {} : { body }),
  };
  const signed = options.unsigned ? request : options.presign ? await signer.presign(request, { signingDate, expiresIn: 300 }) : await signer.sign(request, { signingDate });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  const query = new URLSearchParams((signed.query ?? {}) as Record<string, string>).toString();
  const response = await fetch(`${server.url}/${query ? `?${query}` : ""}`, {
    method: signed.method,
    headers,
    ...(options.presign ? {} : { body }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The text of the first `<name>` element of an XML answer. */
export function xmlText(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** A further account in the test server's (dev) data dir, created as `strongbox account create` does; its root's credentials. */
export async function createAccount(server: TestServer, accountId: string): Promise<Credentials> {
  const created = await createAccountInDataDir({
    dataDir: join(server.dataDir, "data"),
    accountId,
    prompts: { passphrase: () => Promise.reject(new Error("a dev data dir needs no passphrase")), shares: () => Promise.reject(new Error("a dev data dir needs no shares")) },
  });
  const secret = exposeSecretBytes(created.secretAccessKey);
  created.secretAccessKey.dispose();
  return { accessKeyId: created.accessKeyId, secretAccessKey: secret.toString("utf8") };
}
