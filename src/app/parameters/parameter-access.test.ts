import assert from "node:assert/strict";
import { test } from "node:test";
import type { Parameter } from "../../core/parameters/parameter.js";
import type { ParameterRepository } from "../../ports/parameter-repository.js";
import type { RequestContext } from "../context.js";
import { changeParameter, findReferenced } from "./parameter-access.js";

const ctx = {
  requestId: "r",
  caller: { accountId: "111122223333", principalArn: "arn:aws:iam::111122223333:root" },
  partition: "aws",
  region: "us-east-1",
  now: new Date(0),
  sourceIp: "127.0.0.1",
  secureTransport: false,
} as unknown as RequestContext;
const stored = { arn: "arn:aws:ssm:us-east-1:111122223333:parameter/p", name: "/p", tags: [{ Key: "team", Value: "a" }], revision: 4 } as unknown as Parameter;

function deps(updates: boolean[]) {
  const checks: { action: string; resource: string; conditions?: unknown }[] = [];
  const parameters = {
    async get(arn: string) {
      return arn === stored.arn ? stored : undefined;
    },
    async update(next: Parameter) {
      assert.equal(next.revision, 5, "written as the revision read, plus one");
      return updates.shift() ?? false;
    },
  } as unknown as ParameterRepository;
  return { checks, parameters, authorize: async (_ctx: RequestContext, access: { action: string; resource: string; conditions?: unknown }) => void checks.push(access) };
}

test("changeParameter reads and decides again after a lost race, and gives up with TooManyUpdates", async () => {
  const d = deps([false, true]);
  let decisions = 0;
  const result = await changeParameter(d, ctx, "ssm:LabelParameterVersion", "/p", async (parameter) => ({ next: parameter, result: ++decisions }));
  assert.equal(result, 2);
  await assert.rejects(
    changeParameter(deps([]), ctx, "ssm:LabelParameterVersion", "/p", async (parameter) => ({ next: parameter, result: 0 })),
    (error: Error & { type?: string }) => error.type === "TooManyUpdates",
  );
  assert.deepEqual(d.checks[0], { action: "ssm:LabelParameterVersion", resource: stored.arn, resourceAccountId: "111122223333", conditions: { "aws:ResourceTag/team": "a", "ssm:resourceTag/team": "a" } });
});

test("a reference to another account's or Region's ARN is authorized on that ARN and names no parameter here", async () => {
  const d = deps([]);
  const other = "arn:aws:ssm:eu-west-1:111122223333:parameter/p";
  assert.equal((await findReferenced(d, ctx, "ssm:GetParameter", other, true)).parameter, undefined);
  assert.equal(d.checks[0]!.resource, other);
  const own = await findReferenced(d, ctx, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/p:3", true);
  assert.equal(own.parameter, stored);
  assert.deepEqual(own.ref.selector, { kind: "version", version: 3, text: "3" });
});
