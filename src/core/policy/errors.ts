/**
 * A policy document that cannot be accepted. The message is shown to the client as the
 * MalformedPolicyDocumentException message, so it names the statement at fault and reuses
 * AWS's wording where AWS's is known (IAM's "Syntax errors in policy.", KMS's "Policy contains a
 * statement with one or more invalid principals.").
 */
export class PolicySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicySyntaxError";
  }
}
