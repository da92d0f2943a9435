import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import type { InvalidationEvent } from "../../ports/invalidation.js";
import type { ClusterMessage } from "../cluster/messages.js";
import { IpcInvalidation, type IpcChannel } from "./ipc-invalidation.js";
import { LocalInvalidation } from "./local-invalidation.js";

/** A worker's end of the channel: what it sends is kept; `receive` plays the primary relaying. */
function fakeChannel(): IpcChannel & { sent: ClusterMessage[]; receive(message: unknown): void } {
  const emitter = new EventEmitter();
  const sent: ClusterMessage[] = [];
  return {
    sent,
    send: (message) => void sent.push(message),
    on: (event, listener) => void emitter.on(event, listener),
    off: (event, listener) => void emitter.off(event, listener),
    receive: (message) => void emitter.emit("message", message),
  };
}

const key: InvalidationEvent = { kind: "key", locator: { accountId: "111122223333", region: "us-east-1", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" } };

test("local: every subscriber hears an event before publish returns; one that throws does not stop the others", () => {
  const errors: unknown[] = [];
  const local = new LocalInvalidation((error) => errors.push(error));
  const heard: string[] = [];
  local.subscribe(() => {
    throw new Error("broken cache");
  });
  const unsubscribe = local.subscribe((event) => heard.push(event.kind));
  local.publish({ kind: "accessKey", id: "AKIAEXAMPLE" });
  assert.deepEqual(heard, ["accessKey"]);
  assert.equal(errors.length, 1);
  unsubscribe();
  local.publish({ kind: "all" });
  assert.deepEqual(heard, ["accessKey"]);
});

test("ipc: a published event is heard here at once and sent to the primary once", () => {
  const channel = fakeChannel();
  const ipc = new IpcInvalidation(channel);
  const heard: InvalidationEvent[] = [];
  ipc.subscribe((event) => heard.push(event));
  ipc.publish(key);
  assert.deepEqual(heard, [key]);
  assert.deepEqual(channel.sent, [{ strongbox: "invalidate", event: key }]);
});

test("ipc: an event relayed from another worker is heard here and not sent back", () => {
  const channel = fakeChannel();
  const ipc = new IpcInvalidation(channel);
  const heard: InvalidationEvent[] = [];
  ipc.subscribe((event) => heard.push(event));
  channel.receive({ strongbox: "invalidate", event: { kind: "seal" } });
  channel.receive({ strongbox: "invalidate", event: { kind: "no-such-kind" } });
  channel.receive({ strongbox: "stop" });
  channel.receive("unrelated");
  assert.deepEqual(heard, [{ kind: "seal" }]);
  assert.deepEqual(channel.sent, []);
  ipc.close();
  channel.receive({ strongbox: "invalidate", event: { kind: "all" } });
  assert.deepEqual(heard, [{ kind: "seal" }]);
});

test("ipc: a send that fails (the primary is gone) is reported, and this process still hears the event", () => {
  const channel = fakeChannel();
  channel.send = () => {
    throw new Error("channel closed");
  };
  const errors: unknown[] = [];
  const ipc = new IpcInvalidation(channel, (error) => errors.push(error));
  const heard: string[] = [];
  ipc.subscribe((event) => heard.push(event.kind));
  ipc.publish({ kind: "accessKey", id: "AKIAEXAMPLE" });
  assert.deepEqual(heard, ["accessKey"]);
  assert.equal(errors.length, 1);
});
