import { ServiceError } from "../errors.js";

/**
 * Parameter names, their ARNs, and the references GetParameter(s) and GetParameterHistory accept
 * (a name or an ARN, optionally with a `:version` or `:label` selector).
 * Source: docs/research/ssm-parameter-store-reference.md §2.3, §2.4, §2.8.
 *
 *   arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>
 *
 * `/TestParam1` and `TestParam1` are the same parameter (a single-level name's leading `/` is
 * optional), so lookups go by `parameterKey`, which always has the leading slash.
 */

/** The name, counted together with the ARN prefix `arn:aws:ssm:<region>:<account>:parameter/`, may have at most 1011 characters [UG]. */
export const MAX_NAME_LENGTH_WITH_ARN_PREFIX = 1011;
/** The model's PSParameterName length: what a request may carry at all. */
export const MAX_NAME_LENGTH = 2048;
export const MAX_HIERARCHY_LEVELS = 15;

/** AWS's message for a name with a bad character or a bad path, on PutParameter and GetParameter alike (real, several sources). */
export const INVALID_NAME_MESSAGE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
/** PutParameter with a hierarchical name that does not start with `/` (real, Terraform log). */
export const NOT_FULLY_QUALIFIED_MESSAGE = "Parameter name must be a fully qualified name.";
/** A name beginning with `aws` (moto's text; AWS's is unverified). */
export const RESERVED_PREFIX_MESSAGE = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';
/** The model's documentation text; the real exception text is unverified. */
export const HIERARCHY_LEVEL_MESSAGE = "A hierarchy can have a maximum of 15 levels.";

const NAME_CHARACTERS = /^[a-zA-Z0-9_.\-/]+$/;
const RESERVED = /^\/?(aws|ssm)/i;
const PARAMETER_ARN = /^arn:([^:]+):ssm:([^:]+):(\d{12}):parameter(\/.*)$/;

export interface ParameterScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** Leading and trailing spaces are trimmed by the service [D]; inner spaces stay and are refused. */
export function trimName(name: string): string {
  return name.replace(/^ +| +$/g, "");
}

/** The lookup key: single-level names with and without their leading slash are one parameter. */
export function parameterKey(name: string): string {
  return name.startsWith("/") ? name : `/${name}`;
}

export function parameterArn(scope: ParameterScope, name: string): string {
  return `arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter${parameterKey(name)}`;
}

/** The levels of a name: `/a/b/c` has 3, `a` has 1. */
export function hierarchyLevels(name: string): number {
  return parameterKey(name).split("/").length - 1;
}

/** Characters and path shape only (no prefix rule, no length rule): what every operation checks. */
function hasValidShape(name: string): boolean {
  if (!NAME_CHARACTERS.test(name)) return false;
  const key = parameterKey(name);
  // Empty sub-paths (`/a//b`, `/a/`, `/`) are not "sub-paths divided by slash symbol"; AWS's answer is unverified.
  return key.split("/").slice(1).every((segment) => segment.length > 0);
}

/**
 * The name a PutParameter (or DeleteParameter, LabelParameterVersion, ...) creates or names: no ARN,
 * no selector. Returns the trimmed name; throws AWS's refusal.
 */
export function validateParameterName(scope: ParameterScope, raw: string): string {
  const name = trimName(raw);
  if (!hasValidShape(name)) {
    if (NAME_CHARACTERS.test(name) && name.includes("/") && !name.startsWith("/")) throw new ServiceError("ValidationException", NOT_FULLY_QUALIFIED_MESSAGE);
    throw new ServiceError("ValidationException", INVALID_NAME_MESSAGE);
  }
  if (name.includes("/") && !name.startsWith("/")) throw new ServiceError("ValidationException", NOT_FULLY_QUALIFIED_MESSAGE);
  const reserved = RESERVED.exec(name);
  if (reserved !== null) {
    throw new ServiceError("ValidationException", reserved[1]!.toLowerCase() === "ssm" ? INVALID_NAME_MESSAGE : RESERVED_PREFIX_MESSAGE);
  }
  if (parameterArn(scope, name).length > MAX_NAME_LENGTH_WITH_ARN_PREFIX) {
    throw new ServiceError(
      "ValidationException",
      `Parameter name: the name, counted together with the ARN prefix (arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter/), can have at most ${MAX_NAME_LENGTH_WITH_ARN_PREFIX} characters.`,
    );
  }
  if (hierarchyLevels(name) > MAX_HIERARCHY_LEVELS) throw new ServiceError("HierarchyLevelLimitExceededException", HIERARCHY_LEVEL_MESSAGE);
  return name;
}

/**
 * The Name of an operation that names an existing parameter by name only (DeleteParameter(s),
 * Label/UnlabelParameterVersion, the tag operations): no ARN, no selector [D]. Only the shape is
 * checked; a reserved, too long or too deep name simply names no parameter (ParameterNotFound).
 */
export function parseExistingName(raw: string): string {
  const name = trimName(raw);
  if (!hasValidShape(name) || (name.includes("/") && !name.startsWith("/"))) throw new ServiceError("ValidationException", INVALID_NAME_MESSAGE);
  return name;
}

/** Which version a reference asks for: the latest, a number, or the version holding a label. */
export type VersionSelector =
  | { readonly kind: "latest" }
  | { readonly kind: "version"; readonly version: number; readonly text: string }
  | { readonly kind: "label"; readonly label: string };

export interface ParameterReference {
  /** The name as given (ARN input: with its leading slash); look it up by `parameterKey`. */
  readonly name: string;
  readonly selector: VersionSelector;
  /** The scope of an ARN reference, which must be the caller's own (the use case checks). */
  readonly scope?: ParameterScope;
}

/**
 * Reads the Name of GetParameter, GetParameters and GetParameterHistory: a name or an ARN, then
 * optionally `:<version>` or `:<label>` (names cannot contain `:`, so the first `:` after the name
 * starts the selector). A bad shape is the ValidationException AWS answers GetParameter with.
 */
export function parseParameterReference(raw: string, options: { readonly allowSelector: boolean }): ParameterReference {
  const text = trimName(raw);
  let scope: ParameterScope | undefined;
  let rest = text;
  const arn = PARAMETER_ARN.exec(text);
  if (arn !== null) {
    scope = { partition: arn[1]!, region: arn[2]!, accountId: arn[3]! };
    rest = arn[4]!;
  }
  const colon = rest.indexOf(":");
  const name = colon === -1 ? rest : rest.slice(0, colon);
  if (!hasValidShape(name) || (name.includes("/") && !name.startsWith("/"))) throw new ServiceError("ValidationException", INVALID_NAME_MESSAGE);
  let selector: VersionSelector = { kind: "latest" };
  if (colon !== -1) {
    const selectorText = rest.slice(colon + 1);
    // `name:` and `name:a:b` are refused rather than guessed at (AWS's answer is unverified; moto says not found).
    if (!options.allowSelector || selectorText.length === 0 || selectorText.includes(":") || selectorText.length > 127) {
      throw new ServiceError("ValidationException", INVALID_NAME_MESSAGE);
    }
    selector = /^[0-9]+$/.test(selectorText)
      ? { kind: "version", version: Number(selectorText), text: selectorText }
      : { kind: "label", label: selectorText };
  }
  return scope === undefined ? { name, selector } : { name, selector, scope };
}

/** The `Selector` member of a Parameter found through a selector: `":<version>"` or `":<label>"`; absent for the latest. */
export function selectorText(selector: VersionSelector): string | undefined {
  if (selector.kind === "version") return `:${selector.text}`;
  if (selector.kind === "label") return `:${selector.label}`;
  return undefined;
}

/** AWS sends ParameterNotFound with no message (real: the CLI prints nothing after the colon). */
export function parameterNotFound(): ServiceError {
  return new ServiceError("ParameterNotFound", "");
}

/** moto's text, taken from AWS responses (getmoto/moto#3977). */
export function parameterVersionNotFound(name: string, version: number | string): ServiceError {
  return new ServiceError("ParameterVersionNotFound", `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
}
