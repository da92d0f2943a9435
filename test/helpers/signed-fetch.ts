import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256Hasher as Sha256 } from "../../src/core/crypto/sha256-hasher.js";
import { ADMIN, REGION } from "./server.js";

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

export interface SignOptions {
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly region?: string;
  readonly service?: string;
  readonly signingDate?: Date;
  /** Presigned (query-string) form instead of the Authorization header. */
  readonly presign?: boolean;
  readonly expiresIn?: number;
  /** Applied to the request after signing, to damage it. */
  readonly tamper?: (request: { headers: Record<string, string>; body: string; query: Record<string, string> }) => void;
  /** The X-Amz-Target prefix of the service (KMS's by default). */
  readonly targetPrefix?: string;
}

/** Calls a KMS operation with a request signed by the AWS SDK's own SigV4 signer, returning the raw answer. */
export async function signedCall(endpoint: string, operation: string, payload: unknown, options: SignOptions = {}): Promise<RawAnswer> {
  const url = new URL(endpoint);
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const signer = new SignatureV4({
    credentials: options.credentials ?? ADMIN,
    region: options.region ?? REGION,
    service: options.service ?? "kms",
    sha256: Sha256,
  });
  const request = {
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {} as Record<string, string>,
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${options.targetPrefix ?? "TrentService."}${operation}`,
    } as Record<string, string>,
    body,
  };
  const signed = options.presign
    ? await signer.presign(request, { signingDate: options.signingDate ?? new Date(), expiresIn: options.expiresIn ?? 300, unhoistableHeaders: new Set(["x-amz-target", "content-type"]) })
    : await signer.sign(request, { signingDate: options.signingDate ?? new Date() });
  const mutable = { headers: { ...(signed.headers as Record<string, string>) }, body: signed.body as string, query: { ...((signed.query ?? {}) as Record<string, string>) } };
  options.tamper?.(mutable);
  delete mutable.headers.host;
  const query = new URLSearchParams(mutable.query).toString();
  const response = await fetch(`${endpoint}/${query ? `?${query}` : ""}`, { method: "POST", headers: mutable.headers, body: mutable.body });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A SigV4-signed `POST <path>` with an empty JSON body (the signed system paths, e.g. /sys/seal). */
export async function signedFetch(endpoint: string, path: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<Response> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: REGION, service: "kms", sha256: Sha256 });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, "content-type": "application/json" },
    body: "{}",
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return fetch(new URL(path, url), { method: "POST", headers, body: "{}" });
}
