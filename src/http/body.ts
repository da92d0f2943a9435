import type { IncomingMessage } from "node:http";
import { ServiceError } from "../core/errors.js";

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
    req.on("error", (error) => {
      for (const c of chunks) c.fill(0);
      chunks.length = 0;
      reject(error);
    });
  });
}

function tooLarge(limit: number): ServiceError {
  return new ServiceError("RequestEntityTooLargeException", `Request body exceeds the maximum of ${limit} bytes.`);
}
