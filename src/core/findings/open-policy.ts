/**
 * Whether a key policy (the JSON string CreateKey and PutKeyPolicy take) has an Allow statement for
 * every principal with no Condition to narrow it: anyone with AWS credentials, in any account.
 */
export function opensToEveryone(policy: unknown): boolean {
  if (typeof policy !== "string") return false;
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return false; // KMS rejects a malformed policy; a successful call never carries one
  }
  if (!isObject(document)) return false;
  const statements = Array.isArray(document["Statement"]) ? document["Statement"] : [document["Statement"]];
  return statements.some((s) => isObject(s) && s["Effect"] === "Allow" && isEveryone(s["Principal"]) && !hasCondition(s["Condition"]));
}

function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!isObject(principal)) return false;
  const aws = principal["AWS"];
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

const hasCondition = (condition: unknown): boolean => isObject(condition) && Object.keys(condition).length > 0;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
