/**
 * The key policy AWS attaches when CreateKey is called without one: it delegates access to the
 * account's IAM policies. Formatted the way KMS returns it (Jackson's pretty printer), so callers
 * comparing documents byte for byte see what AWS would send.
 */
export function defaultKeyPolicy(partition: string, accountId: string): string {
  return [
    "{",
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:${partition}:iam::${accountId}:root"`,
    "    },",
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    "  } ]",
    "}",
  ].join("\n");
}

export const DEFAULT_POLICY_NAME = "default";
