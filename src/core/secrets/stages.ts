/**
 * Staging labels of a secret's versions, moved exactly as AWS Secrets Manager moves them
 * (docs/research/secrets-manager-reference.md §2.8). A label is on at most one version, so a
 * secret's labels are a map from label to version id. Pure: the use cases read the map, ask for
 * the move, and save the result in the transaction that writes the version.
 */
export const AWSCURRENT = "AWSCURRENT";
export const AWSPREVIOUS = "AWSPREVIOUS";
export const AWSPENDING = "AWSPENDING";

/** Label → the version that carries it. */
export type StageLabels = ReadonlyMap<string, string>;

/** Why a move is refused; the use case turns it into the AWS error of the same kind. */
export type StageRefusal =
  | { readonly kind: "invalid-parameter"; readonly message: string }
  | { readonly kind: "invalid-request"; readonly message: string }
  | { readonly kind: "version-not-found"; readonly message: string };

export type StageOutcome = { readonly ok: true; readonly labels: StageLabels } | ({ readonly ok: false } & StageRefusal);

/** AWSCURRENT onto `versionId`; the version that had it keeps AWSPREVIOUS (taken from whoever had that). */
function promoteCurrent(labels: Map<string, string>, versionId: string): void {
  const previous = labels.get(AWSCURRENT);
  if (previous !== undefined && previous !== versionId) labels.set(AWSPREVIOUS, previous);
  labels.set(AWSCURRENT, versionId);
}

/**
 * The labels after a new version is stored (CreateSecret or UpdateSecret with a value,
 * PutSecretValue). Without `requested` the new version becomes AWSCURRENT. With it, the listed
 * labels move to the new version from wherever they were, and AWSCURRENT moves only if listed;
 * the first version of a secret always gets AWSCURRENT.
 */
export function labelsForNewVersion(labels: StageLabels, versionId: string, requested?: readonly string[]): StageLabels {
  const next = new Map(labels);
  const wanted = new Set(requested ?? [AWSCURRENT]);
  if (!labels.has(AWSCURRENT)) wanted.add(AWSCURRENT);
  if (wanted.has(AWSCURRENT)) promoteCurrent(next, versionId);
  for (const label of wanted) if (label !== AWSCURRENT) next.set(label, versionId);
  return next;
}

/**
 * UpdateSecretVersionStage: move `label` to `moveTo`, or take it off `removeFrom`, or both. A
 * label on another version can move only if the request names that version; AWSCURRENT cannot be
 * removed without moving it (a secret with versions always has a current one).
 */
export function moveLabel(
  labels: StageLabels,
  versions: ReadonlySet<string>,
  label: string,
  request: { readonly moveTo?: string; readonly removeFrom?: string },
): StageOutcome {
  const holder = labels.get(label);
  const { moveTo, removeFrom } = request;
  if (removeFrom !== undefined && holder !== removeFrom) {
    return { ok: false, kind: "invalid-request", message: "You provided a VersionStage that is not associated to the provided VersionId." };
  }
  if (moveTo === undefined) {
    if (removeFrom === undefined) return { ok: false, kind: "invalid-parameter", message: "You must specify MoveToVersionId, RemoveFromVersionId, or both." };
    if (label === AWSCURRENT) {
      return { ok: false, kind: "invalid-parameter", message: "You can't remove the staging label AWSCURRENT from a version; move it to another version with MoveToVersionId." };
    }
    const next = new Map(labels);
    next.delete(label);
    return { ok: true, labels: next };
  }
  if (!versions.has(moveTo)) {
    return { ok: false, kind: "version-not-found", message: `Secrets Manager can't find the specified secret value for VersionId: ${moveTo}` };
  }
  if (holder !== undefined && holder !== moveTo && removeFrom === undefined) {
    return {
      ok: false,
      kind: "invalid-parameter",
      message: `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
    };
  }
  const next = new Map(labels);
  if (label === AWSCURRENT) promoteCurrent(next, moveTo);
  else next.set(label, moveTo);
  return { ok: true, labels: next };
}

/**
 * DescribeSecret's VersionIdsToStages: each labelled version with its labels, sorted as AWS lists
 * them. Versions without a label (deprecated) are left out.
 */
export function versionIdsToStages(labels: StageLabels): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [label, versionId] of labels) (out[versionId] ??= []).push(label);
  for (const versionId of Object.keys(out)) out[versionId]!.sort();
  return out;
}
