// The HTTP ceiling: a bare node:http server that reads each request body and answers a fixed
// JSON body of the size given in argv[2], with the headers Strongbox sends. Nothing else runs
// in it, so a real server cannot beat its requests/s nor its CPU per request on this machine.
import { createServer } from "node:http";

const size = Number(process.argv[2] ?? "256");
const filler = Math.max(0, size - '{"CiphertextBlob":""}'.length);
const body = JSON.stringify({ CiphertextBlob: "A".repeat(filler) });
const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1", "Content-Length": Buffer.byteLength(body), "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000" });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));
