import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A scratch directory in which a test file runs the openssl command line on files it writes there. */
export class OpensslScratch {
  readonly #dir: string;

  constructor(prefix: string) {
    this.#dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Writes the files into the scratch directory and runs openssl there; true when it exits 0. */
  run(args: string[], files: Record<string, Buffer | string> = {}): boolean {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(this.#dir, name), content);
    try {
      execFileSync("openssl", args, { cwd: this.#dir, stdio: "pipe" });
      return true;
    } catch {
      return false;
    }
  }

  read(name: string): Buffer {
    return readFileSync(join(this.#dir, name));
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
