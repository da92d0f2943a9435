/**
 * HTTP/1.1 over a raw TCP socket, for tests that send what no HTTP client would: a reader of the
 * server's answers that checks each one is well-formed, and two ways of talking to the server
 * (a pipeline of requests on one connection; one request of any bytes on its own connection).
 */
import { connect } from "node:net";

export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

export interface Parsed {
  readonly responses: RawResponse[];
  /** Why the bytes are not a sequence of HTTP/1.1 responses (undefined: they are, maybe with an incomplete one at the end). */
  readonly malformed?: string;
  /** An incomplete response is waiting for more bytes. */
  readonly partial: boolean;
  /** Where the first response not in `responses` starts. */
  readonly rest: number;
}

const STATUS_LINE = /^HTTP\/1\.1 ([1-5]\d\d) [\x20-\x7e]*$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\x20-\x7e\t]*?)[ \t]*$/;

/**
 * Reads HTTP/1.1 responses from `data`. `closed`: the server closed the connection, so a response
 * without a length ends there. `headOnly`: answers to HEAD carry no body whatever their length says.
 */
export function parseResponses(data: Buffer, closed: boolean, headOnly = false): Parsed {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf("\r\n\r\n", at, "latin1");
    if (end < 0) return { responses, partial: true, rest: at };
    const [statusLine, ...lines] = data.subarray(at, end).toString("latin1").split("\r\n");
    const status = STATUS_LINE.exec(statusLine!);
    if (status === null) return { responses, partial: false, rest: at, malformed: `bad status line ${JSON.stringify(statusLine!.slice(0, 80))}` };
    const headers = new Map<string, string>();
    for (const line of lines) {
      const header = HEADER_LINE.exec(line);
      if (header === null) return { responses, partial: false, rest: at, malformed: `bad header line ${JSON.stringify(line.slice(0, 80))}` };
      const name = header[1]!.toLowerCase();
      if (headers.has(name) && name === "content-length") return { responses, partial: false, rest: at, malformed: "two Content-Length headers" };
      headers.set(name, header[2]!);
    }
    const code = Number(status[1]);
    const bodyStart = end + 4;
    let length: number;
    if (code < 200 || code === 204 || code === 304 || headOnly) length = 0;
    else if (headers.has("content-length")) {
      if (!/^\d{1,9}$/.test(headers.get("content-length")!)) return { responses, partial: false, rest: at, malformed: "bad Content-Length" };
      length = Number(headers.get("content-length"));
    } else if (headers.get("transfer-encoding") === "chunked") {
      // Node's own answers (a 400 to a request without Host) are chunked.
      const chunked = readChunked(data, bodyStart);
      if (chunked === "partial") return { responses, partial: true, rest: at };
      if (chunked === "malformed") return { responses, partial: false, rest: at, malformed: "a malformed chunked body" };
      responses.push({ status: code, headers, body: chunked.body });
      at = chunked.end;
      continue;
    } else if (headers.has("transfer-encoding")) return { responses, partial: false, rest: at, malformed: `Transfer-Encoding ${headers.get("transfer-encoding")}` };
    else if (!closed) return { responses, partial: true, rest: at };
    else length = data.length - bodyStart;
    if (bodyStart + length > data.length) return { responses, partial: true, rest: at };
    responses.push({ status: code, headers, body: data.subarray(bodyStart, bodyStart + length) });
    at = bodyStart + length;
  }
  return { responses, partial: false, rest: at };
}

function readChunked(data: Buffer, from: number): { body: Buffer; end: number } | "partial" | "malformed" {
  const pieces: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at, "latin1");
    if (lineEnd < 0) return "partial";
    const size = /^([0-9a-fA-F]{1,8})$/.exec(data.subarray(at, lineEnd).toString("latin1"));
    if (size === null) return "malformed";
    const length = parseInt(size[1]!, 16);
    if (length === 0) {
      if (data.length < lineEnd + 4) return "partial";
      return data.subarray(lineEnd + 2, lineEnd + 4).toString("latin1") === "\r\n" ? { body: Buffer.concat(pieces), end: lineEnd + 4 } : "malformed";
    }
    if (data.length < lineEnd + 2 + length + 2) return "partial";
    pieces.push(data.subarray(lineEnd + 2, lineEnd + 2 + length));
    at = lineEnd + 2 + length + 2;
  }
}

/** Why `response` is not an acceptable answer to hostile input (undefined: it is). */
export function badAnswer(response: RawResponse, headOnly = false): string | undefined {
  if (response.status >= 500) return `answered ${response.status}`;
  const text = response.body.toString("utf8");
  if (/\n\s+at |node:internal|\/src\/|\.ts:\d|\.js:\d|\/work\/|\/home\//.test(text)) return `a stack trace or a file path in the answer: ${text.slice(0, 200)}`;
  if ((response.headers.get("content-type") ?? "").startsWith("application/x-amz-json") && response.status >= 400 && !headOnly) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return `an AWS JSON error that is not JSON: ${text.slice(0, 200)}`;
    }
    if (typeof body.__type !== "string" || body.__type === "") return `an AWS JSON error without __type: ${text.slice(0, 200)}`;
    if (typeof (body.message ?? body.Message) !== "string") return `an AWS JSON error without a message: ${text.slice(0, 200)}`;
  }
  // The Query services (IAM, STS) answer in XML.
  if (response.headers.get("content-type") === "text/xml" && response.status >= 400 && !headOnly && !/^<ErrorResponse[^>]*><Error>.*<Code>[A-Za-z.]+<\/Code><Message>[^<]*<\/Message>.*<\/ErrorResponse>$/s.test(text)) {
    return `an AWS XML error without a Code and Message: ${text.slice(0, 200)}`;
  }
  return undefined;
}

export interface Outcome {
  readonly data: Buffer;
  /** The server closed the connection before `closeWithinMs`. */
  readonly closed: boolean;
  readonly ms: number;
}

/**
 * Writes `bytes` (a pipeline of requests whose last asks `Connection: close`) and waits for the
 * server to close the connection.
 */
export function pipeline(port: number, bytes: Buffer, closeWithinMs: number): Promise<Outcome> {
  return talk(port, closeWithinMs, (socket) => socket.write(bytes));
}

/**
 * Writes `bytes` (any bytes) and reads until the server has sent a complete answer, or for
 * `quietMs` nothing; then closes its side (as a client does when it has nothing more to send),
 * and waits for the server to close the connection.
 */
export function oneShot(port: number, bytes: Buffer, options: { quietMs: number; closeWithinMs: number; headOnly?: boolean }): Promise<Outcome> {
  return talk(port, options.closeWithinMs, (socket, received) => {
    let quiet: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(quiet);
      if (!socket.destroyed) socket.end();
    };
    const rearm = () => {
      clearTimeout(quiet);
      quiet = setTimeout(finish, options.quietMs);
    };
    socket.on("data", () => {
      const parsed = parseResponses(received(), false, options.headOnly);
      if (parsed.responses.some((r) => r.status >= 200) && !parsed.partial) finish();
      else rearm();
    });
    socket.on("close", () => clearTimeout(quiet));
    socket.write(bytes, () => rearm());
  });
}

/**
 * Writes `first` at once, then trickles `rest` `chunk` bytes at a time every `everyMs` until it is
 * sent or the server closes; resolves when the server closes (or after `closeWithinMs`).
 */
export function trickle(port: number, first: Buffer, rest: Buffer, options: { chunk: number; everyMs: number; closeWithinMs: number }): Promise<Outcome> {
  return talk(port, options.closeWithinMs, (socket) => {
    let i = 0;
    socket.write(first);
    const drip = setInterval(() => {
      if (i < rest.length && !socket.destroyed) socket.write(rest.subarray(i, (i += options.chunk)));
      else clearInterval(drip);
    }, options.everyMs);
    socket.on("close", () => clearInterval(drip));
  });
}

function talk(port: number, closeWithinMs: number, start: (socket: ReturnType<typeof connect>, received: () => Buffer) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    const received = () => Buffer.concat(chunks);
    const socket = connect({ port, host: "127.0.0.1" });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ data: received(), closed: false, ms: Date.now() - started });
    }, closeWithinMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset is the server closing too (it may close while we still write).
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ data: received(), closed: true, ms: Date.now() - started });
    });
    socket.on("connect", () => start(socket, received));
  });
}
