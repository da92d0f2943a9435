import { ServiceError } from "../errors.js";
import { parameterVersionNotFound } from "./names.js";

/**
 * Version labels: which labels are valid, and what LabelParameterVersion and
 * UnlabelParameterVersion do to a parameter's versions. A state change is a value: each function
 * takes the versions' labels and returns the new ones.
 * Source: docs/research/ssm-parameter-store-reference.md §2.9, §4.9, §4.10.
 */
export const MAX_LABEL_LENGTH = 100;
export const MAX_LABELS_PER_VERSION = 10;

/** moto's text; AWS's is unverified. */
export const LABEL_LIMIT_MESSAGE = "A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.";

const LABEL = /^[a-zA-Z0-9_.-]+$/;

/** Letters (case-sensitive), digits, `.-_`; 1-100 characters; not starting with a digit, `aws` or `ssm`. */
export function isValidLabel(label: string): boolean {
  return label.length >= 1 && label.length <= MAX_LABEL_LENGTH && LABEL.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);
}

export interface VersionLabels {
  readonly version: number;
  readonly labels: readonly string[];
}

export interface LabelResult {
  readonly versions: readonly VersionLabels[];
  /** Labels that break the label rules: not attached, and no error (AWS answers 200 with them listed). */
  readonly invalidLabels: readonly string[];
}

function findVersion(versions: readonly VersionLabels[], name: string, version: number): VersionLabels {
  const found = versions.find((entry) => entry.version === version);
  if (found === undefined) throw parameterVersionNotFound(name, version);
  return found;
}

/**
 * Attaches the valid labels to `version`, moving each from the version that held it (a label is on
 * at most one version). Refuses the whole request, changing nothing, when the version would carry
 * more than 10 labels.
 */
export function labelVersion(versions: readonly VersionLabels[], name: string, version: number, requested: readonly string[]): LabelResult {
  const target = findVersion(versions, name, version);
  const invalidLabels = requested.filter((label) => !isValidLabel(label));
  const valid = [...new Set(requested.filter(isValidLabel))];
  const moving = new Set(valid);
  const targetLabels = [...target.labels, ...valid.filter((label) => !target.labels.includes(label))];
  if (targetLabels.length > MAX_LABELS_PER_VERSION) throw new ServiceError("ParameterVersionLabelLimitExceeded", LABEL_LIMIT_MESSAGE);
  const next = versions.map((entry) =>
    entry.version === version ? { version: entry.version, labels: targetLabels } : { version: entry.version, labels: entry.labels.filter((label) => !moving.has(label)) },
  );
  return { versions: next, invalidLabels };
}

export interface UnlabelResult {
  readonly versions: readonly VersionLabels[];
  readonly removedLabels: readonly string[];
  /** Labels not attached to that version (no error for them). */
  readonly invalidLabels: readonly string[];
}

export function unlabelVersion(versions: readonly VersionLabels[], name: string, version: number, requested: readonly string[]): UnlabelResult {
  const target = findVersion(versions, name, version);
  const unique = [...new Set(requested)];
  const removedLabels = unique.filter((label) => target.labels.includes(label));
  const invalidLabels = unique.filter((label) => !target.labels.includes(label));
  const next = versions.map((entry) => (entry.version === version ? { version: entry.version, labels: entry.labels.filter((label) => !removedLabels.includes(label)) } : entry));
  return { versions: next, removedLabels, invalidLabels };
}

/** The version holding `label`, for a `name:label` selector; undefined when no version has it. */
export function versionWithLabel(versions: readonly VersionLabels[], label: string): number | undefined {
  return versions.find((entry) => entry.labels.includes(label))?.version;
}
