import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statfsSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { StorageSpace } from "../ports/storage-space.js";

export interface DiskReserveOptions {
  /** The reserve file, in the data dir (same file system as the store). */
  readonly path: string;
  readonly bytes: number;
  /** How often the reserve is looked at: gone (another process released it), or space back. */
  readonly checkIntervalMs: number;
  /** Told when the store becomes short of space, and when it has room again. */
  readonly onChange: (short: boolean, reason: string) => void;
}

/** SQLite's "database or disk is full", or the file system's ENOSPC, anywhere in an error's causes. */
export function isOutOfSpace(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "SQLITE_FULL" || code === "ENOSPC") return true;
    if (e instanceof Error && /database or disk is full|no space left on device/i.test(e.message)) return true;
  }
  return false;
}

/**
 * Space held back for the audit trail. A file of zeros (real blocks, not a sparse file) sits in
 * the data dir; when a write fails because the disk is full, it is deleted, changes are refused,
 * and the space it gave back lets reads go on, each one recorded before it is answered. When the
 * file system has room for the reserve twice over, the reserve is made again and changes resume.
 * With several worker processes on one data dir, the one that meets the full disk deletes the file
 * and the others see it gone on their next look.
 */
export class DiskReserve implements StorageSpace {
  readonly #options: DiskReserveOptions;
  #short = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: DiskReserveOptions) {
    this.#options = options;
  }

  /** Makes the reserve if it is missing (short of space at once if it cannot be made), and starts looking. */
  start(): void {
    if (!existsSync(this.#options.path) && !this.#make()) this.#become(true, "the disk has no room for the reserve");
    this.#timer = setInterval(() => this.#look(), this.#options.checkIntervalMs);
    this.#timer.unref();
  }

  shortOfSpace(): boolean {
    return this.#short;
  }

  noteFailure(error: unknown): boolean {
    if (!isOutOfSpace(error)) return false;
    if (!this.#short) {
      rmSync(this.#options.path, { force: true });
      this.#become(true, "a write failed: the disk is full");
    }
    return true;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #look(): void {
    if (!this.#short) {
      if (!existsSync(this.#options.path)) this.#become(true, "the reserve was released (by another process on this data dir)");
      return;
    }
    if (existsSync(this.#options.path) || (this.#roomFor(2 * this.#options.bytes) && this.#make())) this.#become(false, "the disk has room again; the reserve is back");
  }

  #become(short: boolean, reason: string): void {
    if (this.#short === short) return;
    this.#short = short;
    this.#options.onChange(short, reason);
  }

  #roomFor(bytes: number): boolean {
    try {
      const stats = statfsSync(dirname(this.#options.path));
      return stats.bavail * stats.bsize >= bytes;
    } catch {
      return false;
    }
  }

  /** Writes the reserve beside its name, then renames it: a half-made reserve never counts. */
  #make(): boolean {
    const partial = `${this.#options.path}.${process.pid}.partial`;
    let fd: number | undefined;
    try {
      fd = openSync(partial, "w", 0o600);
      const chunk = Buffer.alloc(Math.min(1 << 20, Math.max(1, this.#options.bytes)));
      for (let written = 0; written < this.#options.bytes; ) {
        written += writeSync(fd, chunk, 0, Math.min(chunk.length, this.#options.bytes - written));
      }
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(partial, this.#options.path);
      return true;
    } catch {
      if (fd !== undefined) closeSync(fd);
      rmSync(partial, { force: true });
      return false;
    }
  }
}

/** No reserve (STRONGBOX_DISK_RESERVE_BYTES=0): a full disk fails every call, closed. */
export const NO_RESERVE: StorageSpace = { shortOfSpace: () => false, noteFailure: isOutOfSpace };
