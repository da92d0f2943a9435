import assert from "node:assert/strict";
import { test } from "node:test";
import { ServiceError } from "../errors.js";
import { LABEL_LIMIT_MESSAGE, isValidLabel, labelVersion, unlabelVersion, versionWithLabel, type VersionLabels } from "./labels.js";

const history: readonly VersionLabels[] = [
  { version: 1, labels: ["Deprecated"] },
  { version: 2, labels: ["Prod"] },
  { version: 3, labels: [] },
];

test("labels: letters, digits and .-_, 1 to 100 characters, not starting with a digit, aws or ssm", () => {
  for (const label of ["Prod", "release-1.2_x", "L".repeat(100), "myaws"]) assert.equal(isValidLabel(label), true, label);
  for (const label of ["", "L".repeat(101), "1st", "awsLabel", "AWS", "ssm-x", "SSMx", "has space", "a/b", "a:b"]) assert.equal(isValidLabel(label), false, label);
});

test("labeling moves a label from the version that held it; invalid labels are listed, not attached", () => {
  const result = labelVersion(history, "/p", 3, ["Prod", "1bad", "Beta", "Beta"]);
  assert.deepEqual(result.invalidLabels, ["1bad"]);
  assert.deepEqual(result.versions, [
    { version: 1, labels: ["Deprecated"] },
    { version: 2, labels: [] },
    { version: 3, labels: ["Prod", "Beta"] },
  ]);
  assert.deepEqual(history[1]!.labels, ["Prod"], "the input is not changed");
});

test("labeling a version with a label it already has changes nothing", () => {
  assert.deepEqual(labelVersion(history, "/p", 2, ["Prod"]).versions, history);
});

test("a version can hold 10 labels; an 11th refuses the whole request with ParameterVersionLabelLimitExceeded", () => {
  const ten = Array.from({ length: 10 }, (_, i) => `L${i}`);
  const full = labelVersion(history, "/p", 3, ten).versions;
  assert.equal(full.find((v) => v.version === 3)!.labels.length, 10);
  assert.throws(() => labelVersion(full, "/p", 3, ["Prod"]), (e: unknown) => e instanceof ServiceError && e.type === "ParameterVersionLabelLimitExceeded" && e.message === LABEL_LIMIT_MESSAGE);
  assert.deepEqual(labelVersion(full, "/p", 3, ["L0", "1bad"]).invalidLabels, ["1bad"], "labels already there and invalid ones do not count");
});

test("an unknown version is ParameterVersionNotFound", () => {
  assert.throws(() => labelVersion(history, "/p", 9, ["X"]), (e: unknown) => e instanceof ServiceError && e.type === "ParameterVersionNotFound" && e.message === "Systems Manager could not find version 9 of /p. Verify the version and try again.");
  assert.throws(() => unlabelVersion(history, "/p", 9, ["X"]), (e: unknown) => e instanceof ServiceError && e.type === "ParameterVersionNotFound");
});

test("unlabeling removes the labels the version has and lists the others as invalid", () => {
  const result = unlabelVersion(history, "/p", 2, ["Prod", "Deprecated", "Nope"]);
  assert.deepEqual(result.removedLabels, ["Prod"]);
  assert.deepEqual(result.invalidLabels, ["Deprecated", "Nope"], "a label on another version is not on this one");
  assert.deepEqual(result.versions, [
    { version: 1, labels: ["Deprecated"] },
    { version: 2, labels: [] },
    { version: 3, labels: [] },
  ]);
});

test("a label selector finds the version holding the label, case-sensitively", () => {
  assert.equal(versionWithLabel(history, "Prod"), 2);
  assert.equal(versionWithLabel(history, "prod"), undefined);
});
