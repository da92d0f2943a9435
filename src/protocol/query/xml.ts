import { SecretBytes } from "../../core/secret-bytes.js";

/**
 * The AWS Query protocol's response side, written by hand: an answer is nested elements whose
 * names we choose and whose text we escape, so a few lines do it completely. An XML library would
 * add a dependency (and a parser we never call) to the path every IAM and STS answer takes.
 *
 * Values map as the AWS Query serialisers do: structures are nested elements, lists are
 * `<member>` elements, timestamps ISO 8601 in UTC without fractions, booleans `true`/`false`,
 * undefined members are left out. SecretBytes are written as their UTF-8 text: this and the JSON
 * codec are the only places a secret reaches the wire.
 */

// Characters XML 1.0 cannot carry at all, even as references: they become U+FFFD.
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// CR is written as a reference, because XML parsers turn a literal CR into LF.
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" };
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\r]/g, (c) => ENTITIES[c]!);
}

export function element(name: string, content: string): string {
  // Names come from code, never from a request; a bad one is a bug, not input to escape.
  if (!ELEMENT_NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  return `<${name}>${content}</${name}>`;
}

export function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The content of an element holding `value`. */
export function xmlContent(value: unknown): string {
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("cannot write a non-finite number");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return isoTimestamp(value);
  if (value instanceof SecretBytes) return value.use((bytes) => escapeXml(bytes.toString("utf8")));
  if (Array.isArray(value)) return value.map((item) => element("member", xmlContent(item))).join("");
  if (value !== null && typeof value === "object") return xmlMembers(value as Record<string, unknown>);
  throw new Error(`cannot write ${value === null ? "null" : typeof value} as XML`);
}

/** One element per defined member, in the object's order. */
export function xmlMembers(structure: Readonly<Record<string, unknown>>): string {
  let out = "";
  for (const [name, value] of Object.entries(structure)) {
    if (value !== undefined) out += element(name, xmlContent(value));
  }
  return out;
}

/**
 * `<{Action}Response xmlns=...><{Action}Result>...</{Action}Result><ResponseMetadata>...`. An
 * operation without output has no Result element, as AWS answers it.
 */
export function queryResponse(action: string, namespace: string, result: object, requestId: string): string {
  if (!ELEMENT_NAME.test(action)) throw new Error(`not an action name: ${action}`);
  const members = result as Readonly<Record<string, unknown>>;
  const body = Object.values(members).some((v) => v !== undefined) ? element(`${action}Result`, xmlMembers(members)) : "";
  const metadata = element("ResponseMetadata", element("RequestId", escapeXml(requestId)));
  return `<${action}Response xmlns="${escapeXml(namespace)}">${body}${metadata}</${action}Response>`;
}

export function queryErrorResponse(namespace: string, error: { type: "Sender" | "Receiver"; code: string; message: string }, requestId: string): string {
  const detail = element("Type", error.type) + element("Code", escapeXml(error.code)) + element("Message", escapeXml(error.message));
  return `<ErrorResponse xmlns="${escapeXml(namespace)}">${element("Error", detail)}${element("RequestId", escapeXml(requestId))}</ErrorResponse>`;
}
