/**
 * How a request or response member may enter an audit event. Anything a shape does not name is
 * dropped: the audit trail is built from allow-lists, never by removing known secrets, so a member
 * added to the API later stays out of the trail until someone decides it is safe.
 *
 * - "scalar": a string, finite number or boolean (a Date becomes its ISO time); binary values,
 *   SecretBytes and any other object are dropped.
 * - "strings": a list of strings (operations, tag keys).
 * - "map": a string-to-string map whose keys are data (an encryption context), copied verbatim.
 * - { fields }: a structure; its members are picked by the nested allow-list.
 * - { listOf }: a list of such structures (tags).
 */
export type Shape = "scalar" | "strings" | "map" | { readonly fields: Fields } | { readonly listOf: Fields };

/** Allowed members by their wire name (PascalCase); the event names them as CloudTrail does. */
export type Fields = Readonly<Record<string, Shape>>;

/**
 * CloudTrail's spelling of a wire member: lower camel case (`KeyId` → `keyId`), except names that
 * start with an acronym, which CloudTrail keeps (`AWSAccountId` in keyMetadata).
 */
export function cloudTrailName(wireName: string): string {
  if (/^[A-Z]{2}/.test(wireName)) return wireName;
  return wireName.charAt(0).toLowerCase() + wireName.slice(1);
}

/** ISO 8601 UTC to the second, as CloudTrail writes times ("2025-05-20T20:46:16Z"). */
export function isoSeconds(time: Date): string {
  const iso = time.toISOString();
  // toISOString always ends in ".sssZ" (extended years only lengthen the front).
  return `${iso.slice(0, -5)}Z`;
}

/** Plain data objects only (parsed JSON, object literals): never a Buffer, SecretBytes or other class instance. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function scalar(value: unknown): string | number | boolean | undefined {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : isoSeconds(value);
  return undefined;
}

/** A shape with its nested allow-lists compiled. */
type CompiledShape = "scalar" | "strings" | "map" | { readonly fields: AllowList } | { readonly listOf: AllowList };

/** An allow-list ready to apply: each allowed wire name with its CloudTrail name and shape. */
export type AllowList = ReadonlyMap<string, { readonly name: string; readonly shape: CompiledShape }>;

/** Compiles `fields` (and the lists nested in it) once, so that applying it is a lookup per member present. */
export function allowList(fields: Fields): AllowList {
  const compileShape = (shape: Shape): CompiledShape =>
    typeof shape === "string" ? shape : "fields" in shape ? { fields: allowList(shape.fields) } : { listOf: allowList(shape.listOf) };
  return new Map(Object.entries(fields).map(([wireName, shape]) => [wireName, { name: cloudTrailName(wireName), shape: compileShape(shape) }]));
}

function pickValue(value: unknown, shape: CompiledShape): unknown {
  if (shape === "scalar") return scalar(value);
  if (shape === "strings") return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
  if (shape === "map") {
    if (!isRecord(value)) return undefined;
    // fromEntries defines own properties, so a key such as "__proto__" stays plain data.
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  }
  if ("fields" in shape) return isRecord(value) ? pickFields(value, shape.fields) ?? undefined : undefined;
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((item) => {
    const picked = isRecord(item) ? pickFields(item, shape.listOf) : null;
    return picked === null ? [] : [picked];
  });
}

/**
 * The allowed members of `source`, renamed as CloudTrail names them; null when none is present
 * (CloudTrail writes `"requestParameters": null` for a call without parameters). Walks the
 * source's own members: a request has a handful, an allow-list dozens.
 */
export function pickFields(source: unknown, allowed: AllowList): Record<string, unknown> | null {
  if (!isRecord(source)) return null;
  let picked: Record<string, unknown> | null = null;
  for (const wireName of Object.keys(source)) {
    const member = allowed.get(wireName);
    if (member === undefined) continue;
    const value = pickValue(source[wireName], member.shape);
    if (value === undefined) continue;
    picked ??= {};
    picked[member.name] = value;
  }
  return picked;
}
