import assert from "node:assert/strict";
import { test } from "node:test";
import { TIME_TRAVEL_STEP_SECONDS, travelThroughTime } from "./time-travel.js";

test("a long jump is taken a day at a time, a sweep after each step, and their reports are summed", async () => {
  const at: number[] = [];
  let clock = 0;
  const total = await travelThroughTime(
    {
      advance: (seconds) => (clock += seconds),
      sweep: async () => {
        at.push(clock);
        return { rotated: clock % (90 * TIME_TRAVEL_STEP_SECONDS) === 0 ? 1 : 0, deleted: 0 };
      },
    },
    200 * TIME_TRAVEL_STEP_SECONDS + 5,
  );
  assert.equal(clock, 200 * TIME_TRAVEL_STEP_SECONDS + 5);
  assert.equal(at.length, 201);
  assert.equal(at[0], TIME_TRAVEL_STEP_SECONDS);
  assert.equal(at.at(-1), clock);
  assert.deepEqual(total, { rotated: 2, deleted: 0 });
});

test("moving 0 seconds sweeps once, at the present time", async () => {
  let sweeps = 0;
  await travelThroughTime({ advance: () => {}, sweep: async () => (sweeps++, {}) }, 0);
  assert.equal(sweeps, 1);
});
