import { ServiceError } from "../../core/errors.js";

/**
 * The AWS Query protocol's request side: `Action=CreateUser&Version=2010-05-08&UserName=bob`,
 * form-encoded in the body (or in the query string of a GET or presigned request). Dotted names
 * nest (`Tags.member.1.Key`); a node whose only child is `member` with numbered children is a
 * list. The result is plain data for the operation's schema to judge; nothing is coerced here.
 */
export interface QueryRequest {
  readonly action: string | undefined;
  readonly version: string | undefined;
  readonly members: Record<string, unknown>;
}

export const FORM_URLENCODED = "application/x-www-form-urlencoded";

/** SigV4's presigned-request parameters: they sign the request and are no operation's members. */
const SIGNATURE_PARAMETERS = new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"]);
/** Bounds no IAM or STS request comes near: 50 tags are 100 parameters, the deepest name has 4 parts. */
const MAX_PARAMETERS = 1000;
const MAX_NAME_PARTS = 8;
const LIST_INDEX = /^[1-9]\d{0,3}$/;

const malformed = (message: string) => new ServiceError("ValidationException", message);

export function isFormUrlEncoded(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(";")[0]!.trim().toLowerCase() === FORM_URLENCODED;
}

/** True when the query string names a Query action (a GET or presigned Query request). */
export function hasQueryAction(rawQuery: string): boolean {
  return rawQuery !== "" && new URLSearchParams(rawQuery).has("Action");
}

export function parseQueryRequest(rawQuery: string, body: Buffer): QueryRequest {
  const flat = new Map<string, string>();
  const add = (params: URLSearchParams) => {
    for (const [name, value] of params) {
      if (SIGNATURE_PARAMETERS.has(name)) continue;
      // Ambiguous input is refused, never resolved by guessing which copy was meant.
      if (flat.has(name)) throw malformed(`The parameter ${name.slice(0, 128)} appears more than once.`);
      if (flat.size >= MAX_PARAMETERS) throw malformed(`A request may carry at most ${MAX_PARAMETERS} parameters.`);
      flat.set(name, value);
    }
  };
  add(new URLSearchParams(rawQuery));
  if (body.length > 0) add(new URLSearchParams(body.toString("utf8")));
  const action = flat.get("Action");
  const version = flat.get("Version");
  flat.delete("Action");
  flat.delete("Version");
  return { action, version, members: nest(flat) };
}

type Node = Map<string, Node | string>;

function nest(flat: ReadonlyMap<string, string>): Record<string, unknown> {
  const root: Node = new Map();
  for (const [name, value] of flat) {
    const parts = name.split(".");
    if (parts.length > MAX_NAME_PARTS || parts.some((p) => p === "")) throw malformed(`The parameter name ${name.slice(0, 128)} is not well formed.`);
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.get(part);
      if (next === undefined) node.set(part, (next = new Map()));
      if (typeof next === "string") throw malformed(`The parameter ${name.slice(0, 128)} conflicts with another parameter.`);
      node = next;
    }
    const leaf = parts[parts.length - 1]!;
    if (node.has(leaf)) throw malformed(`The parameter ${name.slice(0, 128)} conflicts with another parameter.`);
    node.set(leaf, value);
  }
  return toObject(root);
}

function toValue(node: Node | string): unknown {
  if (typeof node === "string") return node;
  const members = node.get("member");
  if (node.size === 1 && members !== undefined) {
    if (typeof members === "string" || ![...members.keys()].every((k) => LIST_INDEX.test(k))) {
      throw malformed("A list parameter must be numbered from 1: <Name>.member.<n>.");
    }
    return [...members.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, item]) => toValue(item));
  }
  return toObject(node);
}

/** Own data properties only: a member named "__proto__" stays a plain key, never a prototype. */
function toObject(node: Node): Record<string, unknown> {
  return Object.fromEntries([...node.entries()].map(([key, child]) => [key, toValue(child)]));
}
