/**
 * AWS managed keys: the keys a service creates in an account the first time it needs one
 * (`alias/aws/secretsmanager`, `alias/aws/ssm`). Their policy lets every principal of the account
 * use the key through that service only (kms:ViaService), and lets the account read the key's
 * metadata; nobody may change, disable or delete it (AWS's "AWS managed keys" in the KMS guide).
 */
export type ManagingService = "secretsmanager" | "ssm";

const DESCRIPTIONS: Readonly<Record<ManagingService, string>> = {
  secretsmanager: "Default key that protects my Secrets Manager data when no other key is defined",
  ssm: "Default key that protects my SSM parameters when no other key is defined",
};

export function awsManagedKeyAlias(service: ManagingService): string {
  return `alias/aws/${service}`;
}

export function awsManagedKeyDescription(service: ManagingService): string {
  return DESCRIPTIONS[service];
}

/** kms:ViaService for a service's calls in a Region, e.g. "secretsmanager.us-east-1.amazonaws.com". */
export function viaServiceName(service: ManagingService, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}

/** The key policy AWS gives such a key (policy Id `auto-<service>-1`), formatted as KMS returns policies. */
export function awsManagedKeyPolicy(service: ManagingService, partition: string, accountId: string, region: string): string {
  const policy = {
    Version: "2012-10-17",
    Id: `auto-${service}-1`,
    Statement: [
      {
        Sid: `Allow access through ${service === "ssm" ? "AWS Systems Manager" : "AWS Secrets Manager"} for all principals in the account that are authorized to use it`,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": viaServiceName(service, region) } },
      },
      {
        Sid: "Allow direct access to key metadata to the account",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
        Resource: "*",
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}
