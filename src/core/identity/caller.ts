/** The kinds of principal that sign requests. */
export type PrincipalType = "Root" | "User" | "AssumedRole";

/** Who is calling, as established by authentication (SigV4 plus the access key's owner). */
export interface Caller {
  readonly accountId: string;
  /**
   * The caller's ARN as AWS reports it: arn:aws:iam::<acct>:root, arn:aws:iam::<acct>:user/<path><name>,
   * or arn:aws:sts::<acct>:assumed-role/<role-name>/<session-name> for a role session.
   */
  readonly principalArn: string;
  readonly accessKeyId: string;
  readonly principalType: PrincipalType;
  /** aws:userid: the account id for root, the user id (AIDA...) for a user, "<role id>:<session>" for a role session. */
  readonly userId: string;
  /** aws:username, for IAM users only. */
  readonly userName?: string;
  /** For a role session: the IAM ARN of the role (arn:aws:iam::<acct>:role/<path><name>). */
  readonly roleArn?: string;
  /** aws:TokenIssueTime: when the temporary credentials of a role session were issued. */
  readonly sessionIssuedAt?: Date;
  /** aws:PrincipalTag/<k>: the tags of the user or role. */
  readonly principalTags: Readonly<Record<string, string>>;
  /**
   * Emulator mode only: the Region the request was signed for, which it is served in (one endpoint
   * for every Region, docs/emulator.md). Otherwise absent: the server's Region applies.
   */
  readonly signingRegion?: string;
}
