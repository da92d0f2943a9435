/** Who is calling, as established by authentication. Until access control lands, the account root. */
export interface Caller {
  readonly accountId: string;
  readonly principalArn: string;
  readonly accessKeyId: string;
}

/** Everything a use case needs to know about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  readonly caller: Caller;
  readonly partition: string;
  readonly region: string;
  readonly now: Date;
}
