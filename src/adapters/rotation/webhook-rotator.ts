/**
 * A rotation function that is an HTTP endpoint the operator names: each step is one POST of the
 * event a Lambda rotation function would get, {"Step","SecretId","ClientRequestToken"}. The webhook
 * does the work by calling Strongbox's Secrets Manager API itself, as a Lambda would.
 *
 * The request carries `x-strongbox-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<body>")>`
 * so the webhook can check that Strongbox sent it and that it is fresh (it should refuse old `t`).
 * 2xx is success; anything else, a timeout or a network error fails the step. Redirects are not
 * followed: the operator chose this address, a redirect must not choose another.
 */
import { hmacSha256 } from "../../core/crypto/kdf.js";
import type { Clock } from "../../ports/clock.js";
import { RotationStepFailed, type RotationFunction, type RotationInvocation } from "../../ports/rotation.js";

export const SIGNATURE_HEADER = "x-strongbox-signature";
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The most of a failing response's body that reaches DescribeSecret and the trail. */
const EXCERPT_CHARS = 200;
/** How much of a failing response is read at all. */
const READ_LIMIT_BYTES = 4096;

export interface WebhookRotatorOptions {
  readonly url: string | URL;
  /** The HMAC key shared with the webhook. The caller owns (and wipes) it; it is read on every call. */
  readonly signingKey: Buffer;
  readonly timeoutMs?: number;
  readonly clock: Clock;
}

/** The header value for `body` signed at `unixSeconds` (exported for webhooks written in TypeScript and for tests). */
export function signatureHeader(signingKey: Uint8Array, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${hmacSha256(signingKey, `${unixSeconds}.${body}`).toString("hex")}`;
}

/** At most EXCERPT_CHARS characters, control and format characters (newlines, bidi overrides) replaced by spaces. */
export function sanitizedExcerpt(text: string): string {
  const flat = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ").replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS - 1).join("")}…` : flat;
}

async function readSome(response: Response): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < READ_LIMIT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks).subarray(0, READ_LIMIT_BYTES));
}

/** A network error's code (ECONNREFUSED, ENOTFOUND, UND_ERR_…), never its free text, which may quote the address. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" && /^[A-Z0-9_]{2,40}$/.test(cause.code) ? cause.code : undefined;
  return code === undefined ? "network error" : `network error (${code})`;
}

export function webhookRotator(options: WebhookRotatorOptions): RotationFunction {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = new URL(options.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`webhook rotation URL must be http or https, not ${url.protocol}`);
  return {
    async run(invocation: RotationInvocation): Promise<void> {
      const body = JSON.stringify({ Step: invocation.step, SecretId: invocation.secretId, ClientRequestToken: invocation.clientRequestToken });
      const t = Math.floor(options.clock.now().getTime() / 1000);
      const fail = (message: string): RotationStepFailed => new RotationStepFailed(invocation.step, `${invocation.step}: rotation webhook ${message}`);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signatureHeader(options.signingKey, t, body) },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw isTimeout(error) ? fail(`did not answer within ${timeoutMs} ms`) : fail(`unreachable: ${networkReason(error)}`);
      }
      try {
        if (response.status >= 200 && response.status < 300) {
          await response.body?.cancel();
          return;
        }
        const excerpt = sanitizedExcerpt(await readSome(response));
        throw fail(`answered HTTP ${response.status}${excerpt === "" ? "" : `: ${excerpt}`}`);
      } catch (error) {
        if (error instanceof RotationStepFailed) throw error;
        throw isTimeout(error) ? fail(`did not answer within ${timeoutMs} ms`) : fail(`failed while answering: ${networkReason(error)}`);
      }
    },
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}
