import { request } from "node:http";
import type { RawRequest } from "./presign.js";

/** Sends one pre-signed raw request and returns the answer (to check it and size the floor's body). */
export function sendRaw(url: string, raw: RawRequest): Promise<{ status: number; body: string }> {
  const split = raw.indexOf("\r\n\r\n");
  const [, ...headerLines] = raw.slice(0, split).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(raw.slice(split + 4));
  });
}
