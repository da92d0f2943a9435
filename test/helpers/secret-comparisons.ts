/**
 * Finds comparisons of secret-bearing values in TypeScript source (test/constant-time.test.ts):
 * `===`, `!==`, `==`, `!=`, `Buffer.compare(a, b)`, `a.compare(b)` and `a.equals(b)` where an operand's name says
 * it holds a secret. Read with the TypeScript compiler's parser, so strings, comments and regular
 * expressions are never mistaken for code.
 */
import ts from "typescript";

/**
 * Words that mark a name as secret-bearing (split from camelCase, snake_case or kebab-case).
 * "key" alone is not one (keyId, keySpec, KeyUsage are metadata); key material is named by the
 * words around it (privateKey, signingKey, dataKey, keyMaterial, kek).
 */
const SECRET_WORDS = new Set([
  "secret", "secrets", "signature", "signatures", "sig", "mac", "macs", "hmac", "tag", "tags", "token", "tokens", "digest", "digests", "hash", "hashes",
  "share", "shares", "password", "passwords", "passphrase", "pin", "pins", "plaintext", "material", "materials", "kek", "dek", "seed", "check", "checks",
]);
/** Key material named by two words: the first with "key" after it. */
const SECRET_KEY_QUALIFIERS = new Set(["private", "access", "signing", "data", "root", "barrier", "unseal", "wrapping", "backing", "commitment", "secret", "hmac", "mac", "raw", "derived", "session"]);
/**
 * Words that, after the secret word, make the name describe the secret rather than hold it:
 * tagKeys, hashAlgorithm, secretId, tokenCount, signatureLength, macAlgorithmSpec...
 */
const METADATA_WORDS = new Set([
  "id", "ids", "arn", "arns", "name", "names", "algorithm", "algorithms", "spec", "type", "types", "kind", "length", "len", "count", "size", "bytes",
  "key", "keys", "value" /* a tag's value is not secret */, "values", "list", "limit", "version", "versions", "stage", "stages", "format", "encoding",
  "valid", "present", "required", "expected" /* expectedSignature keeps "signature" after it, so it stays secret */, "policy", "rules", "days", "filters",
  "index", "prefix", "scheme", "label", "labels", "status", "state", "date", "time", "at", "expires", "expiry", "mode", "path", "header", "headers",
  "field", "fields", "member", "members", "set", "map", "hex", "base64", "b64", "serial", "fingerprint",
]);

export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/** Whether a name says its value is a secret (a signature, a MAC, a token, key material...). */
export function isSecretName(name: string): boolean {
  const w = words(name);
  let lastSecret = -1;
  for (let i = 0; i < w.length; i++) {
    if (SECRET_WORDS.has(w[i]!) || (w[i] === "key" && i > 0 && SECRET_KEY_QUALIFIERS.has(w[i - 1]!))) lastSecret = i;
  }
  if (lastSecret < 0) return false;
  return !w.slice(lastSecret + 1).some((after) => METADATA_WORDS.has(after));
}

/** Calls that pass their receiver's or argument's value through (for naming an operand). */
const TRANSPARENT_CALLS = new Set(["toString", "toLowerCase", "toUpperCase", "trim", "valueOf", "from", "String", "Buffer", "subarray", "slice", "use"]);

/** The name an operand's value goes by: `a.b.signature` → signature, `tag.toString("hex")` → tag, `x[0]` → x. */
export function operandName(expression: ts.Expression): string | undefined {
  let e: ts.Expression = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else if (ts.isElementAccessExpression(e)) e = e.expression;
    else if (ts.isAwaitExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) {
      const callee = e.expression;
      const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (calleeName !== undefined && TRANSPARENT_CALLS.has(calleeName)) {
        if (ts.isPropertyAccessExpression(callee) && !["from", "String", "Buffer"].includes(calleeName)) e = callee.expression;
        else if (e.arguments[0] !== undefined) e = e.arguments[0];
        else return calleeName;
      } else return calleeName;
    } else if (ts.isPropertyAccessExpression(e)) return e.name.text;
    else if (ts.isIdentifier(e)) return e.text;
    else return undefined;
  }
}

/** Operands compared with a public constant (a literal, undefined, null, typeof) reveal nothing secret. */
function isPublicConstant(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return (
    ts.isLiteralExpression(e) ||
    ts.isNoSubstitutionTemplateLiteral(e) ||
    ts.isTypeOfExpression(e) ||
    e.kind === ts.SyntaxKind.NullKeyword ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(e) && e.text === "undefined") ||
    (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand))
  );
}

export interface Comparison {
  /** `path: the comparison's text`, the key of the reviewed list. */
  readonly key: string;
  readonly line: number;
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** Every comparison in `source` with a secret-bearing operand. */
export function secretComparisons(path: string, source: string): Comparison[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Comparison[] = [];
  const flag = (node: ts.Node, operands: readonly ts.Expression[]) => {
    if (operands.some(isPublicConstant)) return;
    if (!operands.some((operand) => isSecretName(operandName(operand) ?? ""))) return;
    found.push({ key: `${path}: ${node.getText(file).replace(/\s+/g, " ")}`, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) flag(node, [node.left, node.right]);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { expression: receiver, name } = node.expression;
      if (name.text === "compare" && ts.isIdentifier(receiver) && receiver.text === "Buffer") flag(node, node.arguments);
      else if ((name.text === "equals" || name.text === "compare") && node.arguments.length >= 1) flag(node, [receiver, node.arguments[0]!]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
