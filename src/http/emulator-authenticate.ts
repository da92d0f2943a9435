import type { Caller } from "../app/context.js";
import type { AccessKeyDirectory } from "../app/identity/access-keys.js";
import { rootPrincipalArn } from "../app/identity/principals.js";
import type { Clock } from "../ports/clock.js";
import { parseSignedRequest } from "../protocol/sigv4/signed-request.js";
import { checkScope, checkSignedHeaders } from "../protocol/sigv4/verify.js";
import { IAM_SIGNING_REGION, type Authenticate } from "./authenticate.js";

/** A Region's name as AWS spells them (us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4). */
const looksLikeRegion = (region: string): boolean => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region);

/** Callers derived from access key ids kept at once; past this the map starts again (each is cheap to derive). */
const MAX_DERIVED_CALLERS = 10_000;

/**
 * Emulator mode (docs/emulator.md): any syntactically valid SigV4 request is accepted, as LocalStack
 * and moto accept it. The Authorization header is still parsed (a malformed one is still refused),
 * its scope must still name the service and a Region, but the secret and the signing time are not
 * checked. The request is served in the Region it was signed for: one endpoint for every Region.
 * The caller is the principal the access key id names: a key Strongbox issued (IAM
 * CreateAccessKey, AssumeRole) stands for its user or role session; any other id stands for the
 * root of an account: the id itself when it is 12 digits (LocalStack's convention), else the
 * default account. Accounts are created on first use. Policies are then evaluated for that
 * principal as they always are.
 */
export function makeEmulatorAuthenticator(deps: {
  directory: AccessKeyDirectory;
  accounts: { ensure(accountId: string, createdAt: Date): Promise<boolean> };
  clock: Clock;
  partition: string;
  defaultAccountId: string;
}): { authenticate: Authenticate; forgetCallers: () => void } {
  const derived = new Map<string, Caller>();
  const authenticate: Authenticate = async (parts, service) => {
    const signed = parseSignedRequest(parts);
    checkSignedHeaders(signed);
    checkScope(signed, { service, regions: (region) => looksLikeRegion(region) || (service === "iam" && region === IAM_SIGNING_REGION) });
    const { accessKeyId, region } = signed.credential;
    // Served in the Region it was signed for; IAM's us-east-1 scope says nothing of where to serve.
    const where = service === "iam" ? {} : { signingRegion: region };
    const known = derived.get(accessKeyId) ?? (await deps.directory.withAccessKey(accessKeyId, (entry) => entry?.caller));
    if (known !== undefined) return { ...known, ...where };
    const accountId = /^\d{12}$/.test(accessKeyId) ? accessKeyId : deps.defaultAccountId;
    await deps.accounts.ensure(accountId, deps.clock.now());
    const caller: Caller = { accountId, principalArn: rootPrincipalArn(deps.partition, accountId), accessKeyId, principalType: "Root", userId: accountId, principalTags: {} };
    if (derived.size >= MAX_DERIVED_CALLERS) derived.clear();
    derived.set(accessKeyId, caller);
    return { ...caller, ...where };
  };
  // After a reset the accounts are gone: each is made again on its next call.
  return { authenticate, forgetCallers: () => derived.clear() };
}
