/**
 * A strict JSON reader for policy documents. JSON.parse would do, but it silently keeps the
 * last of two duplicate keys (AWS rejects duplicated policy elements) and returns plain objects
 * whose "__proto__" keys are a pollution hazard once copied. Objects here are Maps, numbers keep
 * their source text (a condition value like 10.50 must not become 10.5), and nesting is bounded.
 */
export interface JsonNumber {
  readonly kind: "number";
  readonly text: string;
}
export type JsonObject = ReadonlyMap<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = "JsonSyntaxError";
  }
}

/** A policy nests about seven levels deep; anything far deeper is hostile input. */
const MAX_DEPTH = 32;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v instanceof Map;
}

export function isJsonNumber(v: JsonValue | undefined): v is JsonNumber {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

export function parseJson(text: string): JsonValue {
  let pos = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos);
  };
  const skipWhitespace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      pos++;
    }
  };
  const expect = (ch: string): void => {
    if (text[pos] !== ch) fail(`expected '${ch}'`);
    pos++;
  };

  const readString = (): string => {
    expect('"');
    let out = "";
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail("unterminated string");
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail("control character in string");
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const esc = text[pos + 1] ?? "";
      if (esc === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else {
        const decoded = ESCAPES[esc];
        if (decoded === undefined) fail("invalid escape");
        out += decoded;
        pos += 2;
      }
      start = pos;
    }
  };

  const readValue = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail("document nested too deeply");
    skipWhitespace();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const obj = new Map<string, JsonValue>();
      skipWhitespace();
      if (text[pos] === "}") {
        pos++;
        return obj;
      }
      for (;;) {
        skipWhitespace();
        const keyAt = pos;
        const key = readString();
        if (obj.has(key)) {
          pos = keyAt;
          fail(`duplicate key "${key}"`);
        }
        skipWhitespace();
        expect(":");
        obj.set(key, readValue(depth + 1));
        skipWhitespace();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        expect("}");
        return obj;
      }
    }
    if (c === "[") {
      pos++;
      const arr: JsonValue[] = [];
      skipWhitespace();
      if (text[pos] === "]") {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(readValue(depth + 1));
        skipWhitespace();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        expect("]");
        return arr;
      }
    }
    if (c === '"') return readString();
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return { kind: "number", text: m[0] };
    }
    return fail(pos >= text.length ? "unexpected end of input" : "unexpected character");
  };

  const value = readValue(0);
  skipWhitespace();
  if (pos !== text.length) fail("unexpected content after the document");
  return value;
}
