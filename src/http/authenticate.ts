import { ServiceError } from "../core/errors.js";
import type { SecretBytes } from "../core/secret-bytes.js";
import type { Caller } from "../app/context.js";
import type { AccessKeyDirectory } from "../app/identity/access-keys.js";
import type { Clock } from "../ports/clock.js";
import { parseSignedRequest, type HttpRequestParts } from "../protocol/sigv4/signed-request.js";
import { checkFreshness, checkScope, checkSignedHeaders, deriveSigningKey, verifySignature } from "../protocol/sigv4/verify.js";

/** Signing keys kept per access key: one per day and service is all a client needs. */
const MAX_SIGNING_KEYS_PER_ACCESS_KEY = 8;

export type Authenticate = (parts: HttpRequestParts, service: string) => Promise<Caller>;

const unrecognizedClient = () => new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.");

/** SigV4 as AWS checks it: form, scope, freshness, then the access key and the signature itself. */
export function makeAuthenticator(deps: { directory: AccessKeyDirectory; clock: Clock; acceptsRegion: (region: string) => boolean }): Authenticate {
  return async (parts, service) => {
    const signed = parseSignedRequest(parts);
    checkSignedHeaders(signed);
    checkScope(signed, { service, regions: deps.acceptsRegion });
    checkFreshness(signed, deps.clock.now());
    return deps.directory.withAccessKey(signed.credential.accessKeyId, (entry) => {
      // Temporary credentials (session tokens) arrive with STS; until then no token is valid.
      if (entry === undefined || signed.securityToken !== undefined) throw unrecognizedClient();
      const { date, region } = signed.credential;
      const scopeKey = `${date}/${region}/${service}`;
      let signingKey: SecretBytes | undefined = entry.signingKeys.get(scopeKey);
      if (signingKey === undefined) {
        signingKey = deriveSigningKey(entry.secret, { date, region, service });
        if (entry.signingKeys.size >= MAX_SIGNING_KEYS_PER_ACCESS_KEY) {
          for (const key of entry.signingKeys.values()) key.dispose();
          entry.signingKeys.clear();
        }
        entry.signingKeys.set(scopeKey, signingKey);
      }
      verifySignature(parts, signed, signingKey);
      return entry.caller;
    });
  };
}
