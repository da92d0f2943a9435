import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256Hasher } from "../core/crypto/sha256-hasher.js";

export interface ClientCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Credentials for the CLI's signed calls, in the order an operator expects: the AWS variables,
 * then Strongbox's admin variables, then the admin-credentials.json a dev data dir holds.
 */
export function findCredentials(env: NodeJS.ProcessEnv, dataDir: string): ClientCredentials {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  }
  if (env.STRONGBOX_ADMIN_ACCESS_KEY_ID && env.STRONGBOX_ADMIN_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.STRONGBOX_ADMIN_ACCESS_KEY_ID, secretAccessKey: env.STRONGBOX_ADMIN_SECRET_ACCESS_KEY };
  }
  const file = join(dataDir, "admin-credentials.json");
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    if (typeof parsed.accessKeyId === "string" && typeof parsed.secretAccessKey === "string") return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
  } catch {
    // fall through to the error below
  }
  throw new Error(`no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or STRONGBOX_ADMIN_*, or point --data-dir at a data dir with admin-credentials.json`);
}

/** Calls one operation of a JSON 1.1 service on a Strongbox, signed with SigV4 for service "kms". */
export function callJson(endpoint: string, target: string, payload: unknown, options: { credentials: ClientCredentials; region: string }): Promise<Record<string, unknown>> {
  return signedPost(endpoint, "/", { "content-type": "application/x-amz-json-1.1", "x-amz-target": target }, JSON.stringify(payload), options);
}

/** POSTs to one of the signed system paths (`/sys/seal`, `/sys/rotate-root`). */
export function callSystemPath(endpoint: string, path: string, options: { credentials: ClientCredentials; region: string }): Promise<Record<string, unknown>> {
  return signedPost(endpoint, path, { "content-type": "application/json" }, "{}", options);
}

async function signedPost(
  endpoint: string,
  path: string,
  extraHeaders: Record<string, string>,
  body: string,
  options: { credentials: ClientCredentials; region: string },
): Promise<Record<string, unknown>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region, service: "kms", sha256: Sha256Hasher });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path,
    query: {},
    headers: { host: url.host, ...extraHeaders },
    body,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  const response = await fetch(new URL(path, url), { method: "POST", headers, body: signed.body as string });
  return readAnswer(endpoint, response);
}

/** The JSON answer of a Strongbox, or an error naming the AWS error type and message. */
export async function readAnswer(endpoint: string, response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${endpoint} answered HTTP ${response.status} with no JSON body`);
  }
  if (!response.ok) {
    const type = String(answer.__type ?? "Error").replace(/^.*#/, "");
    throw new Error(`${type}: ${String(answer.message ?? answer.Message ?? `HTTP ${response.status}`)}`);
  }
  return answer;
}
