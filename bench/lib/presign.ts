import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256Hasher } from "../../src/core/crypto/sha256-hasher.js";

/** One complete HTTP/1.1 request, signed, as bytes on the wire (what wrk sends verbatim). */
export type RawRequest = string;

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Call {
  /** X-Amz-Target, e.g. "TrentService.Encrypt". */
  readonly target: string;
  readonly body: string;
  /** The SigV4 service name, when not the one the whole set is signed for (Secrets Manager's calls in a KMS run). */
  readonly service?: string;
}

/**
 * Signs each call with the AWS SDK's own SigV4 signer, now, and renders it as a raw request. The
 * server accepts a signature for five minutes (AWS's clock-skew window), so a set is signed just
 * before the run that uses it; replaying a signed request is what AWS also accepts within that window.
 */
export async function presign(endpoint: string, calls: readonly Call[], credentials: Credentials, region = "us-east-1", service = "kms"): Promise<RawRequest[]> {
  const url = new URL(endpoint);
  const signers = new Map<string, SignatureV4>();
  const signerFor = (name: string) => signers.get(name) ?? signers.set(name, new SignatureV4({ credentials, region, service: name, sha256: Sha256Hasher })).get(name)!;
  const out: RawRequest[] = [];
  for (const call of calls) {
    const signer = signerFor(call.service ?? service);
    const headers: Record<string, string> = {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": call.target,
      "content-length": String(Buffer.byteLength(call.body)),
    };
    const signed = await signer.sign({ method: "POST", protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: "/", query: {}, headers, body: call.body });
    const lines = Object.entries(signed.headers).map(([name, value]) => `${name}: ${value}`);
    out.push(`POST / HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n${call.body}`);
  }
  return out;
}
