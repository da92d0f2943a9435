import assert from "node:assert/strict";

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
