// The pure core of the audit trail: CloudTrail-format events built from allow-lists (no secret
// ever enters one), a SHA-256 hash chain over their canonical JSON, Ed25519-signed digests that
// seal the chain (like CloudTrail digest files), and the verifier that checks all three.
export {
  apiCallEvent,
  serviceEvent,
  userIdentityOf,
  EVENT_VERSION,
  STRONGBOX_INTERNAL,
  type AuditEvent,
  type AuditResource,
  type UserIdentity,
  type ApiCallFacts,
  type ServiceEventFacts,
} from "./event.js";
export { canonicalEventJson, canonicalJson, makeCanonicalJson } from "./canonical-json.js";
export { GENESIS_HASH, chainHash, chainRecord, type ChainedRecord } from "./chain.js";
export { chainEvents, lastUsesOf, type AuditRecord, type ChainTail } from "./records.js";
export { digestPayload, signDigest, publicKeyFingerprint, digestSignatureValid, type AuditDigest } from "./digest.js";
export { verifyTrail, type VerifyProblem, type VerifyReport, type VerifyOptions } from "./verify.js";
export { diffConfigurations, type ConfigChange } from "./config-diff.js";
export type { LookupEventsInput } from "./lookup.js";
export { exportLines, parseExport, ExportFormatError } from "./export.js";
