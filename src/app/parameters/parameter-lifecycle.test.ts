import assert from "node:assert/strict";
import { test } from "node:test";
import type { Parameter } from "../../core/parameters/parameter.js";
import type { ParameterRepository } from "../../ports/parameter-repository.js";
import { makeParameterLifecycle, policyActionEvent, type ParameterPolicyAction } from "./parameter-lifecycle.js";

const DAY = 86_400_000;
const t0 = Date.parse("2026-03-01T00:00:00Z");
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const policy = (type: string, attributes: Record<string, string>) => JSON.stringify({ Type: type, Version: "1.0", Attributes: attributes });

function parameter(overrides: Partial<Parameter> = {}): Parameter {
  return {
    arn: "arn:aws:ssm:us-east-1:111122223333:parameter/p",
    accountId: "111122223333",
    region: "us-east-1",
    name: "/p",
    type: "String",
    tier: "Advanced",
    dataType: "text",
    policies: [policy("Expiration", { Timestamp: new Date(t0 + 3 * DAY).toISOString() }), policy("ExpirationNotification", { Before: "1", Unit: "Days" })],
    tags: [],
    version: 1,
    lastModifiedAt: new Date(t0),
    lastModifiedUser: "arn:aws:iam::111122223333:root",
    notified: [],
    policyDueAt: new Date(t0 + 2 * DAY),
    revision: 1,
    ...overrides,
  };
}

/** One parameter in memory; `race` makes the next write find another revision. */
function fakeRepository(initial: Parameter) {
  let stored: Parameter | undefined = initial;
  const state = { race: false };
  const repo: Pick<ParameterRepository, "duePolicies" | "get" | "update" | "delete"> = {
    async duePolicies(now) {
      return stored?.policyDueAt !== undefined && stored.policyDueAt.getTime() <= now.getTime() ? [stored.arn] : [];
    },
    async get() {
      return stored;
    },
    async update(next) {
      if (stored === undefined || state.race || stored.revision !== next.revision - 1) return false;
      stored = next;
      return true;
    },
    async delete(_arn, revision) {
      if (stored === undefined || state.race || (revision !== undefined && stored.revision !== revision)) return false;
      stored = undefined;
      return true;
    },
  };
  return { repo, state, current: () => stored };
}

test("a notification is told once, then the expiration deletes the parameter", async () => {
  const { repo, current } = fakeRepository(parameter());
  const actions: ParameterPolicyAction[] = [];
  const lifecycle = makeParameterLifecycle({ parameters: repo, logger: silent, onAction: async (action) => void actions.push(action) });
  assert.deepEqual(await lifecycle.runDue(new Date(t0 + DAY)), { parametersExpired: 0, parameterNotifications: 0 });
  assert.deepEqual(await lifecycle.runDue(new Date(t0 + 2 * DAY)), { parametersExpired: 0, parameterNotifications: 1 });
  assert.equal(current()!.policyDueAt!.getTime(), t0 + 3 * DAY, "next: the expiration itself");
  assert.deepEqual(await lifecycle.runDue(new Date(t0 + 2 * DAY + 1)), { parametersExpired: 0, parameterNotifications: 0 });
  assert.deepEqual(await lifecycle.runDue(new Date(t0 + 3 * DAY)), { parametersExpired: 1, parameterNotifications: 0 });
  assert.equal(current(), undefined);
  assert.deepEqual(actions.map((a) => a.policyType), ["ExpirationNotification", "Expiration"]);
  const event = policyActionEvent(actions[1]!, "e-1");
  assert.equal(event["detail-type"], "Parameter Store Policy Action");
  assert.deepEqual(event.resources, ["arn:aws:ssm:us-east-1:111122223333:parameter/p"]);
  assert.equal(event.time, "2026-03-04T00:00:00Z");
});

test("a write that wins the race against the sweep wins: nothing is deleted or told", async () => {
  const { repo, state, current } = fakeRepository(parameter());
  const actions: ParameterPolicyAction[] = [];
  const lifecycle = makeParameterLifecycle({ parameters: repo, logger: silent, onAction: async (action) => void actions.push(action) });
  state.race = true;
  assert.deepEqual(await lifecycle.runDue(new Date(t0 + 3 * DAY)), { parametersExpired: 0, parameterNotifications: 0 });
  assert.deepEqual(await lifecycle.runDue(new Date(t0 + 2 * DAY)), { parametersExpired: 0, parameterNotifications: 0 });
  assert.ok(current() !== undefined);
  assert.deepEqual(actions, []);
});
