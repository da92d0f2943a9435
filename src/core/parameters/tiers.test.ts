import assert from "node:assert/strict";
import { refusalOf } from "../../../test/helpers/errors.js";
import { test } from "node:test";
import {
  ADVANCED_QUOTA_MESSAGE,
  ADVANCED_VALUE_TOO_LARGE_MESSAGE,
  DOWNGRADE_MESSAGE,
  STANDARD_POLICIES_MESSAGE,
  STANDARD_QUOTA_MESSAGE,
  STANDARD_VALUE_TOO_LARGE_MESSAGE,
  resolveTier,
  type TierRequest,
} from "./tiers.js";

const base: TierRequest = { defaultTier: "Standard", valueBytes: 10, hasPolicies: false, counts: { Standard: 0, Advanced: 0 } };

const refusal = (request: TierRequest) => refusalOf(() => resolveTier(request));

test("Standard holds 4096 bytes and no policies; Advanced holds 8192 and policies", () => {
  assert.equal(resolveTier({ ...base, requested: "Standard", valueBytes: 4096 }), "Standard");
  assert.deepEqual(refusal({ ...base, requested: "Standard", valueBytes: 4097 }), { type: "ValidationException", message: STANDARD_VALUE_TOO_LARGE_MESSAGE });
  assert.equal(resolveTier({ ...base, requested: "Advanced", valueBytes: 8192, hasPolicies: true }), "Advanced");
  assert.deepEqual(refusal({ ...base, requested: "Advanced", valueBytes: 8193 }), { type: "ValidationException", message: ADVANCED_VALUE_TOO_LARGE_MESSAGE });
  assert.deepEqual(refusal({ ...base, requested: "Standard", hasPolicies: true }), { type: "ValidationException", message: STANDARD_POLICIES_MESSAGE });
});

test("no Tier: a new parameter takes the default setting, an existing one keeps its tier", () => {
  assert.equal(resolveTier(base), "Standard");
  assert.equal(resolveTier({ ...base, defaultTier: "Advanced" }), "Advanced");
  assert.equal(resolveTier({ ...base, existing: "Advanced" }), "Advanced", "an overwrite without Tier is no downgrade");
  assert.equal(resolveTier({ ...base, existing: "Standard", defaultTier: "Advanced" }), "Standard", "no silent upgrade (and cost) on overwrite");
  assert.deepEqual(refusal({ ...base, existing: "Standard", valueBytes: 5000 }), { type: "ValidationException", message: STANDARD_VALUE_TOO_LARGE_MESSAGE });
  assert.equal(resolveTier({ ...base, existing: "Standard", defaultTier: "Intelligent-Tiering", valueBytes: 5000 }), "Advanced");
});

test("Standard to Advanced is allowed; Advanced to Standard is refused with AWS's message", () => {
  assert.equal(resolveTier({ ...base, existing: "Standard", requested: "Advanced" }), "Advanced");
  assert.deepEqual(refusal({ ...base, existing: "Advanced", requested: "Standard" }), { type: "ValidationException", message: DOWNGRADE_MESSAGE });
});

test("Intelligent-Tiering: Standard unless the value, a policy or the Standard quota needs Advanced; Advanced stays", () => {
  const it: TierRequest = { ...base, requested: "Intelligent-Tiering" };
  assert.equal(resolveTier(it), "Standard");
  assert.equal(resolveTier({ ...it, valueBytes: 4097 }), "Advanced");
  assert.equal(resolveTier({ ...it, hasPolicies: true }), "Advanced");
  assert.equal(resolveTier({ ...it, counts: { Standard: 10_000, Advanced: 0 } }), "Advanced");
  assert.equal(resolveTier({ ...it, existing: "Advanced" }), "Advanced");
  assert.equal(resolveTier({ ...it, existing: "Standard", counts: { Standard: 10_000, Advanced: 0 } }), "Standard", "an existing Standard parameter is already counted");
  assert.equal(refusal({ ...it, valueBytes: 8193 }).message, ADVANCED_VALUE_TOO_LARGE_MESSAGE);
});

test("the quota refuses new parameters only: ParameterLimitExceeded at 10,000 Standard or 100,000 Advanced", () => {
  assert.deepEqual(refusal({ ...base, requested: "Standard", counts: { Standard: 10_000, Advanced: 0 } }), { type: "ParameterLimitExceeded", message: STANDARD_QUOTA_MESSAGE });
  assert.equal(resolveTier({ ...base, existing: "Standard", requested: "Standard", counts: { Standard: 10_000, Advanced: 0 } }), "Standard");
  assert.deepEqual(refusal({ ...base, requested: "Advanced", counts: { Standard: 0, Advanced: 100_000 } }), { type: "ParameterLimitExceeded", message: ADVANCED_QUOTA_MESSAGE });
  assert.equal(refusal({ ...base, existing: "Standard", requested: "Advanced", counts: { Standard: 1, Advanced: 100_000 } }).type, "ParameterLimitExceeded", "an upgrade adds an Advanced parameter");
});
