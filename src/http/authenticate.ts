import { ServiceError } from "../core/errors.js";
import type { SecretBytes } from "../core/secret-bytes.js";
import type { Caller } from "../app/context.js";
import type { CacheCounts } from "../app/bounded-cache.js";
import type { AccessKeyDirectory, ResolvedAccessKey } from "../app/identity/access-keys.js";
import { sessionTokenMatches } from "../app/identity/session-token.js";
import type { Clock } from "../ports/clock.js";
import { parseSignedRequest, type HttpRequestParts, type SignedRequest } from "../protocol/sigv4/signed-request.js";
import { checkFreshness, checkScope, checkSignedHeaders, deriveSigningKey, verifySignature } from "../protocol/sigv4/verify.js";

/** Signing keys kept per access key: one per day and service is all a client needs. */
const MAX_SIGNING_KEYS_PER_ACCESS_KEY = 8;
/** IAM is a global service: AWS clients sign its requests for us-east-1 whatever their Region. */
export const IAM_SIGNING_REGION = "us-east-1";

export type Authenticate = (parts: HttpRequestParts, service: string) => Promise<Caller>;

const unrecognizedClient = () => new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.");
const expiredToken = () => new ServiceError("ExpiredTokenException", "The security token included in the request is expired");

/** SigV4 as AWS checks it: form, scope, freshness, then the access key, its session token, and the signature itself. */
export function makeAuthenticator(deps: {
  directory: AccessKeyDirectory;
  clock: Clock;
  acceptsRegion: (region: string) => boolean;
  /** Where lookups of derived SigV4 signing keys are counted (metrics). */
  signingKeyCounts?: CacheCounts;
}): Authenticate {
  const counts = deps.signingKeyCounts ?? { hits: 0, misses: 0 };
  return async (parts, service) => {
    const signed = parseSignedRequest(parts);
    checkSignedHeaders(signed);
    checkScope(signed, { service, regions: (region) => deps.acceptsRegion(region) || (service === "iam" && region === IAM_SIGNING_REGION) });
    const now = deps.clock.now();
    checkFreshness(signed, now);
    return deps.directory.withAccessKey(signed.credential.accessKeyId, (entry) => {
      if (entry === undefined) throw unrecognizedClient();
      checkSessionToken(entry, signed, now);
      verifySignature(parts, signed, signingKeyFor(entry, signed, service, counts));
      return entry.caller;
    });
  };
}

/**
 * Long-term keys must come without a token; temporary ones with theirs (a missing or wrong token
 * is an unknown client, as AWS answers it), and only until they expire.
 */
function checkSessionToken(entry: ResolvedAccessKey, signed: SignedRequest, now: Date): void {
  const token = signed.securityToken;
  if (entry.session === undefined) {
    if (token !== undefined) throw unrecognizedClient();
    return;
  }
  if (token === undefined || !sessionTokenMatches(token, entry.session.tokenHash)) throw unrecognizedClient();
  if (now.getTime() >= entry.session.expiresAt.getTime()) throw expiredToken();
}

function signingKeyFor(entry: ResolvedAccessKey, signed: SignedRequest, service: string, counts: CacheCounts): SecretBytes {
  const { date, region } = signed.credential;
  const scopeKey = `${date}/${region}/${service}`;
  let signingKey = entry.signingKeys.get(scopeKey);
  if (signingKey !== undefined) counts.hits += 1;
  else {
    counts.misses += 1;
    signingKey = deriveSigningKey(entry.secret, { date, region, service });
    if (entry.signingKeys.size >= MAX_SIGNING_KEYS_PER_ACCESS_KEY) {
      for (const key of entry.signingKeys.values()) key.dispose();
      entry.signingKeys.clear();
    }
    entry.signingKeys.set(scopeKey, signingKey);
  }
  return signingKey;
}
