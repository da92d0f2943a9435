import type { Caller } from "../core/identity/caller.js";

export type { Caller, PrincipalType } from "../core/identity/caller.js";

/** Everything a use case needs to know about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  readonly caller: Caller;
  readonly partition: string;
  readonly region: string;
  readonly now: Date;
  /** aws:SourceIp: the peer address of the connection. */
  readonly sourceIp: string;
  /** aws:SecureTransport: whether the request came over TLS. */
  readonly secureTransport: boolean;
  /**
   * Set when an AWS service of Strongbox's calls another on the caller's behalf (Secrets Manager
   * calling KMS): kms:ViaService, e.g. "secretsmanager.us-east-1.amazonaws.com".
   */
  readonly viaService?: string;
}
