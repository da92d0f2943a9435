import assert from "node:assert/strict";
import { test } from "node:test";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, labelsForNewVersion, moveLabel, versionIdsToStages, type StageLabels } from "./stages.js";

const labels = (entries: Record<string, string>): StageLabels => new Map(Object.entries(entries));
const stagesOf = (l: StageLabels) => versionIdsToStages(l);

test("a new version without requested labels becomes AWSCURRENT; the old current becomes AWSPREVIOUS; the old previous loses it", () => {
  let l = labelsForNewVersion(labels({}), "v1");
  assert.deepEqual(stagesOf(l), { v1: [AWSCURRENT] }, "the first version");
  l = labelsForNewVersion(l, "v2");
  assert.deepEqual(stagesOf(l), { v1: [AWSPREVIOUS], v2: [AWSCURRENT] });
  l = labelsForNewVersion(l, "v3");
  assert.deepEqual(stagesOf(l), { v2: [AWSPREVIOUS], v3: [AWSCURRENT] }, "v1 has no label left: deprecated, not listed");
});

test("requested labels move to the new version; AWSCURRENT moves only when listed, except for a secret's first version", () => {
  const base = labels({ [AWSCURRENT]: "v1" });
  assert.deepEqual(stagesOf(labelsForNewVersion(base, "v2", [AWSPENDING])), { v1: [AWSCURRENT], v2: [AWSPENDING] });
  assert.deepEqual(stagesOf(labelsForNewVersion(labels({ [AWSCURRENT]: "v1", custom: "v1" }), "v2", ["custom"])), { v1: [AWSCURRENT], v2: ["custom"] });
  assert.deepEqual(stagesOf(labelsForNewVersion(base, "v2", [AWSCURRENT, "extra"])), { v1: [AWSPREVIOUS], v2: [AWSCURRENT, "extra"] });
  assert.deepEqual(stagesOf(labelsForNewVersion(labels({}), "v1", [AWSPENDING])), { v1: [AWSCURRENT, AWSPENDING] }, "the first version is current whatever was asked");
  // Sorted as AWS lists them (recorded: ["AWSCURRENT","AWSPENDING","AWSSOMETHING","PUT1"]).
  assert.deepEqual(stagesOf(labelsForNewVersion(labels({}), "v1", ["PUT1", "AWSSOMETHING", AWSPENDING])).v1, ["AWSCURRENT", "AWSPENDING", "AWSSOMETHING", "PUT1"]);
});

test("UpdateSecretVersionStage moves AWSCURRENT with AWSPREVIOUS following, and leaves the target's other labels", () => {
  const l = labels({ [AWSCURRENT]: "v1", [AWSPREVIOUS]: "v0", [AWSPENDING]: "v2" });
  const moved = moveLabel(l, new Set(["v0", "v1", "v2"]), AWSCURRENT, { moveTo: "v2", removeFrom: "v1" });
  assert.ok(moved.ok);
  assert.deepEqual(stagesOf(moved.labels), { v1: [AWSPREVIOUS], v2: [AWSCURRENT, AWSPENDING] });
});

test("UpdateSecretVersionStage refuses as AWS does", () => {
  const l = labels({ [AWSCURRENT]: "v1", custom: "v2" });
  const versions = new Set(["v1", "v2", "v3"]);
  const withoutRemove = moveLabel(l, versions, AWSCURRENT, { moveTo: "v2" });
  assert.deepEqual(withoutRemove, {
    ok: false,
    kind: "invalid-parameter",
    message: "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version v1, so you must explicitly reference that version in RemoveFromVersionId.",
  });
  assert.deepEqual(moveLabel(l, versions, "custom", { removeFrom: "v1" }), { ok: false, kind: "invalid-request", message: "You provided a VersionStage that is not associated to the provided VersionId." });
  assert.equal((moveLabel(l, versions, "custom", { moveTo: "nope", removeFrom: "v2" }) as { kind: string }).kind, "version-not-found");
  assert.equal((moveLabel(l, versions, AWSCURRENT, { removeFrom: "v1" }) as { kind: string }).kind, "invalid-parameter", "AWSCURRENT is moved, never just removed");
  assert.equal((moveLabel(l, versions, "custom", {}) as { kind: string }).kind, "invalid-parameter");
});

test("UpdateSecretVersionStage adds a free label, removes one, and moves one between versions", () => {
  const l = labels({ [AWSCURRENT]: "v1", custom: "v2" });
  const versions = new Set(["v1", "v2", "v3"]);
  const added = moveLabel(l, versions, "fresh", { moveTo: "v3" });
  assert.ok(added.ok && stagesOf(added.labels).v3?.includes("fresh"));
  const removed = moveLabel(l, versions, "custom", { removeFrom: "v2" });
  assert.ok(removed.ok);
  assert.deepEqual(stagesOf(removed.labels), { v1: [AWSCURRENT] });
  const moved = moveLabel(l, versions, "custom", { moveTo: "v3", removeFrom: "v2" });
  assert.ok(moved.ok);
  assert.deepEqual(stagesOf(moved.labels), { v1: [AWSCURRENT], v3: ["custom"] });
  const again = moveLabel(l, versions, "custom", { moveTo: "v2" });
  assert.ok(again.ok, "moving a label to the version that has it needs no RemoveFromVersionId");
  assert.equal(l.get("custom"), "v2", "the input map is never changed");
});
