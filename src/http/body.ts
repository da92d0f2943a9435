import type { IncomingMessage } from "node:http";
import { ServiceError } from "../core/errors.js";

/**
 * The client closed the connection before its request was complete (Node's "aborted"): there is
 * nobody left to answer, and nothing went wrong in the server, so it is not logged as a fault.
 */
export class ClientClosedError extends Error {
  constructor() {
    super("the client closed the connection before its request was complete");
    this.name = "ClientClosedError";
  }
}

/** Reads the whole body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        for (const c of chunks) c.fill(0);
        chunks.length = 0;
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > limit) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      if (chunks.length > 1) for (const c of chunks) c.fill(0);
      resolve(body);
    });
    // Node's IncomingMessage fails only when the connection goes before the body is complete.
    req.on("error", () => {
      for (const c of chunks) c.fill(0);
      chunks.length = 0;
      reject(new ClientClosedError());
    });
  });
}

function tooLarge(limit: number): ServiceError {
  return new ServiceError("RequestEntityTooLargeException", `Request body exceeds the maximum of ${limit} bytes.`);
}
