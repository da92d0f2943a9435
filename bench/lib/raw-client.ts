import { connect, type Socket } from "node:net";
import type { RawRequest } from "./presign.js";

export interface Answer {
  readonly status: number;
  readonly body: string;
  /** From the request's first byte written to the answer's last byte read, in milliseconds. */
  readonly ms: number;
}

/**
 * One keep-alive HTTP/1.1 connection that sends pre-signed raw requests one at a time and times
 * each answer. Latency of single calls, without a client library's own queueing or pooling in
 * the figure; wrk cannot do the cold case, where every request must name a different key once.
 * Understands only what Strongbox answers: a Content-Length body (no chunked encoding).
 */
export class RawClient {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((error?: Error) => void) | undefined;
  #closed: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#waiting?.();
    });
    const fail = (error: Error) => {
      this.#closed ??= error;
      this.#waiting?.(this.#closed);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("the server closed the connection")));
  }

  static open(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        socket.off("error", reject);
        resolve(new RawClient(socket));
      });
      socket.once("error", reject);
    });
  }

  async send(request: RawRequest): Promise<Answer> {
    if (this.#closed) throw this.#closed;
    const started = process.hrtime.bigint();
    this.#socket.write(request);
    for (;;) {
      const answer = this.#take();
      if (answer !== undefined) return { ...answer, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      await new Promise<void>((resolve, reject) => {
        this.#waiting = (error) => {
          this.#waiting = undefined;
          if (error) reject(error);
          else resolve();
        };
      });
    }
  }

  /** One whole response off the front of the buffer, if it has arrived. */
  #take(): { status: number; body: string } | undefined {
    const end = this.#buffer.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const head = this.#buffer.subarray(0, end).toString("latin1");
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.#buffer.length < end + 4 + length) return undefined;
    const body = this.#buffer.subarray(end + 4, end + 4 + length).toString("utf8");
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    return { status: Number(head.slice(9, 12)), body };
  }

  close(): void {
    this.#socket.destroy();
  }
}
