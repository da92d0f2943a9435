import type { SecretBytes } from "../../core/secret-bytes.js";

/** The typed inputs and outputs of the STS operations Strongbox serves, with AWS's member names. */
export type StsActionName = keyof StsInputs;

export interface StsInputs {
  GetCallerIdentity: Record<string, never>;
  AssumeRole: {
    readonly RoleArn: string;
    readonly RoleSessionName: string;
    readonly DurationSeconds?: number;
    readonly ExternalId?: string;
  };
}

export interface StsOutputs {
  GetCallerIdentity: { readonly UserId: string; readonly Account: string; readonly Arn: string };
  AssumeRole: {
    readonly Credentials: { readonly AccessKeyId: string; readonly SecretAccessKey: SecretBytes; readonly SessionToken: SecretBytes; readonly Expiration: Date };
    readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string };
  };
}
