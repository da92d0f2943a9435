import type { Caller } from "../identity/caller.js";
import { KMS_KEY_ARN_IN_RESPONSE, SERVICES, type AuditedService, type ServiceAllowLists } from "./allow-lists.js";
import { allowList, isoSeconds, pickFields, type AllowList } from "./shape.js";

export const EVENT_VERSION = "1.11";
/** Who Strongbox's own actions (rotation, deletion, sealing) are attributed to. */
export const STRONGBOX_INTERNAL = "strongbox.internal";

export interface AuditResource {
  accountId: string;
  type: string;
  ARN: string;
}

/** One CloudTrail-format record (eventVersion "1.11"). Field names exactly as CloudTrail's. */
export interface AuditEvent {
  eventVersion: string;
  userIdentity: UserIdentity;
  /** ISO 8601 UTC to the second. */
  eventTime: string;
  /** "kms.amazonaws.com" | "iam.amazonaws.com" | "sts.amazonaws.com" | "cloudtrail.amazonaws.com" | "strongbox.amazonaws.com" (admin API) | "strongbox.internal" (Strongbox's own events). */
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  /** For a service event no request caused, the event id (CloudTrail leaves the field out). */
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: AuditResource[];
  eventType: "AwsApiCall" | "AwsServiceEvent";
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: "Management";
  /** AwsServiceEvent only: what happened (CloudTrail's field for service events). */
  serviceEventDetails?: Record<string, unknown>;
}

export interface UserIdentity {
  type: "Root" | "IAMUser" | "AssumedRole" | "AWSService" | "Unknown";
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer: { type: "Role"; principalId: string; arn: string; accountId: string; userName: string };
    /** creationDate is left out when the session's issue time is unknown. */
    attributes: { creationDate?: string; mfaAuthenticated: "false" };
  };
  invokedBy?: string;
}

export interface ApiCallFacts {
  /** "strongbox" is the admin API; "cloudtrail" is LookupEvents, reading the trail. */
  readonly service: AuditedService;
  /** "Encrypt", "CreateUser", "SimulateKeyAccess". */
  readonly operation: string;
  /** Absent when authentication failed. */
  readonly caller?: Caller;
  /** The access key the request named, even when authentication failed. */
  readonly accessKeyId?: string;
  /** recipientAccountId: the caller's account, or the default account when unknown. */
  readonly accountId: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly requestId: string;
  readonly eventId: string;
  readonly time: Date;
  /** The request as parsed from the wire (JSON object for KMS; Query members object for IAM/STS). */
  readonly input: unknown;
  /** The response object (before serialization), or undefined on error. */
  readonly output: unknown;
  readonly error?: { readonly code: string; readonly message: string };
  readonly readOnly: boolean;
  readonly resources?: readonly AuditResource[];
  /** The service that made the call on the caller's behalf (userIdentity.invokedBy), e.g. "secretsmanager.amazonaws.com". */
  readonly invokedBy?: string;
}

export interface ServiceEventFacts {
  readonly eventName: string;
  readonly accountId: string;
  readonly region: string;
  readonly time: Date;
  readonly eventId: string;
  readonly requestId?: string;
  readonly details: Record<string, unknown>;
  readonly resources?: readonly AuditResource[];
  /** The service the event belongs to, when AWS records it under one (Secrets Manager's RotationSucceeded). */
  readonly eventSource?: string;
}

/** The userIdentity element for a caller, as CloudTrail writes it for each kind of principal. */
export function userIdentityOf(caller: Caller | undefined, accessKeyId: string | undefined): UserIdentity {
  if (caller === undefined) return { type: "Unknown", ...(accessKeyId !== undefined ? { accessKeyId } : {}) };
  const common = { arn: caller.principalArn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
  switch (caller.principalType) {
    case "Root":
      return { type: "Root", principalId: caller.accountId, ...common };
    case "User":
      return { type: "IAMUser", principalId: caller.userId, ...common, ...(caller.userName !== undefined ? { userName: caller.userName } : {}) };
    case "AssumedRole": {
      const identity: UserIdentity = { type: "AssumedRole", principalId: caller.userId, ...common };
      if (caller.roleArn === undefined) return identity;
      const colon = caller.userId.indexOf(":");
      return {
        ...identity,
        sessionContext: {
          sessionIssuer: {
            type: "Role",
            principalId: colon < 0 ? caller.userId : caller.userId.slice(0, colon),
            arn: caller.roleArn,
            accountId: caller.accountId,
            userName: caller.roleArn.slice(caller.roleArn.lastIndexOf("/") + 1),
          },
          attributes: { ...(caller.sessionIssuedAt !== undefined ? { creationDate: isoSeconds(caller.sessionIssuedAt) } : {}), mfaAuthenticated: "false" },
        },
      };
    }
  }
}

const copyResources = (resources: readonly AuditResource[] | undefined): { resources?: AuditResource[] } =>
  resources === undefined || resources.length === 0 ? {} : { resources: resources.map((r) => ({ accountId: r.accountId, type: r.type, ARN: r.ARN })) };

const KMS_KEY = "AWS::KMS::Key";
const keyArnOf = (resources: readonly AuditResource[] | undefined): string | undefined => {
  const keys = (resources ?? []).filter((r) => r.type === KMS_KEY);
  return keys.length === 1 ? keys[0]!.ARN : undefined;
};

interface CompiledAllowLists {
  readonly request: AllowList;
  readonly response: ReadonlyMap<string, AllowList>;
}

const compileService = (lists: ServiceAllowLists): CompiledAllowLists => ({
  request: allowList(lists.request),
  response: new Map(Object.entries(lists.response).map(([operation, fields]) => [operation, allowList(fields)])),
});

/** The allow-lists of every service, compiled once. */
const ALLOW_LISTS: Readonly<Record<AuditedService, CompiledAllowLists>> = {
  kms: compileService(SERVICES.kms),
  iam: compileService(SERVICES.iam),
  sts: compileService(SERVICES.sts),
  strongbox: compileService(SERVICES.strongbox),
  cloudtrail: compileService(SERVICES.cloudtrail),
  secretsmanager: compileService(SERVICES.secretsmanager),
  ssm: compileService(SERVICES.ssm),
};

function requestParametersOf(facts: ApiCallFacts): Record<string, unknown> | null {
  const picked = pickFields(facts.input, ALLOW_LISTS[facts.service].request);
  if (facts.service !== "kms" || facts.operation !== "Decrypt") return picked;
  // AWS: a Decrypt entry "always includes the encryptionAlgorithm ... even if [it] wasn't specified",
  // and names the key that decrypted, which the request may leave to the ciphertext.
  const keyArn = picked?.["keyId"] === undefined ? keyArnOf(facts.resources) : undefined;
  return { encryptionAlgorithm: "SYMMETRIC_DEFAULT", ...picked, ...(keyArn !== undefined ? { keyId: keyArn } : {}) };
}

function responseElementsOf(facts: ApiCallFacts): Record<string, unknown> | null {
  if (facts.error !== undefined) return null;
  const allowed = ALLOW_LISTS[facts.service].response.get(facts.operation);
  const picked = allowed === undefined ? null : pickFields(facts.output, allowed);
  if (facts.service !== "kms" || !KMS_KEY_ARN_IN_RESPONSE.has(facts.operation)) return picked;
  const keyArn = keyArnOf(facts.resources);
  return keyArn === undefined ? picked : { ...picked, keyId: keyArn };
}

const withInvoker = (identity: UserIdentity, invokedBy: string | undefined): UserIdentity => (invokedBy === undefined ? identity : { ...identity, invokedBy });

/** The CloudTrail record of one API call: allowed, denied, failed or unauthenticated. */
export function apiCallEvent(facts: ApiCallFacts): AuditEvent {
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: withInvoker(userIdentityOf(facts.caller, facts.caller?.accessKeyId ?? facts.accessKeyId), facts.invokedBy),
    eventTime: isoSeconds(facts.time),
    eventSource: SERVICES[facts.service].eventSource,
    eventName: facts.operation,
    awsRegion: facts.region,
    sourceIPAddress: facts.sourceIp,
    userAgent: facts.userAgent,
    requestParameters: requestParametersOf(facts),
    responseElements: responseElementsOf(facts),
    ...(facts.error !== undefined ? { errorCode: facts.error.code, errorMessage: facts.error.message } : {}),
    requestID: facts.requestId,
    eventID: facts.eventId,
    readOnly: facts.readOnly,
    ...copyResources(facts.resources),
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: facts.accountId,
    eventCategory: "Management",
  };
}

/** Service events AWS KMS itself records under kms.amazonaws.com; Strongbox's others (Seal, Unseal) are its own. */
const KMS_SERVICE_EVENTS: ReadonlySet<string> = new Set(["RotateKey", "DeleteKey", "DeleteExpiredKeyMaterial"]);

/** Names in details that are never recorded, whatever a caller passes (defence in depth). */
const SECRET_NAME = /plaintext|ciphertext|secret|token|password|passphrase|privatekey|signature|^mac$|^message$|^share/i;

/** Plain JSON data only: binary values, SecretBytes and class instances never enter an event. */
function plainDetails(value: unknown, depth: number): unknown {
  if (typeof value === "string" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : isoSeconds(value);
  if (depth > 8 || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return value.map((v) => plainDetails(v, depth + 1)).filter((v) => v !== undefined);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const entries = Object.entries(value)
    .filter(([name]) => !SECRET_NAME.test(name))
    .map(([name, v]): [string, unknown] => [name, plainDetails(v, depth + 1)])
    .filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries);
}

/** The record of something Strongbox did on its own (RotateKey, DeleteKey, Seal, Unseal). */
export function serviceEvent(facts: ServiceEventFacts): AuditEvent {
  const details = plainDetails(facts.details, 0) as Record<string, unknown>;
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: { type: "AWSService", invokedBy: STRONGBOX_INTERNAL },
    eventTime: isoSeconds(facts.time),
    eventSource: facts.eventSource ?? (KMS_SERVICE_EVENTS.has(facts.eventName) ? "kms.amazonaws.com" : STRONGBOX_INTERNAL),
    eventName: facts.eventName,
    awsRegion: facts.region,
    sourceIPAddress: STRONGBOX_INTERNAL,
    userAgent: STRONGBOX_INTERNAL,
    requestParameters: null,
    responseElements: null,
    requestID: facts.requestId ?? facts.eventId,
    eventID: facts.eventId,
    readOnly: false,
    ...copyResources(facts.resources),
    eventType: "AwsServiceEvent",
    managementEvent: true,
    recipientAccountId: facts.accountId,
    eventCategory: "Management",
    ...(Object.keys(details).length > 0 ? { serviceEventDetails: details } : {}),
  };
}
