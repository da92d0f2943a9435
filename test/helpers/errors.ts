import assert from "node:assert/strict";
import { ServiceError } from "../../src/core/errors.js";

/** Runs `call` and checks it fails with the AWS error `name` (and, if given, a message matching `message`). */
export async function rejectsWith(call: Promise<unknown>, name: string, message?: RegExp | string): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message instanceof RegExp) assert.match(e.message, message);
    else if (typeof message === "string") assert.equal(e.message, message);
    return e;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

/** The ServiceError a synchronous call throws, as {type, message}; fails the test if it does not throw one. */
export function refusalOf(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    return { type: error.type, message: error.message };
  }
  assert.fail("expected a refusal");
}
