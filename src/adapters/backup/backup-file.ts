import { once } from "node:events";
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, readSync, rmSync } from "node:fs";
import { Sha256Hasher } from "../../core/crypto/sha256-hasher.js";
import { BackupFormatError, decodeBackupHead, encodeBackupHead, MAX_BACKUP_HEAD_BYTES, type BackupManifest } from "../../core/backup-manifest.js";

/** SHA-256 and length of a file, read as a stream (a store can be larger than memory should hold). */
async function digestFile(path: string, start = 0): Promise<{ bytes: number; sha256: string }> {
  const hasher = new Sha256Hasher();
  let bytes = 0;
  for await (const chunk of createReadStream(path, { start })) {
    hasher.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: Buffer.from(await hasher.digest()).toString("hex") };
}

/** Streams `chunks` into a new file (mode 0600, refusing an existing one), fsynced before it resolves. */
async function writeNewFile(path: string, chunks: AsyncIterable<Buffer>): Promise<void> {
  const fd = openSync(path, "wx", 0o600);
  const sink = createWriteStream("", { fd, autoClose: false });
  try {
    for await (const chunk of chunks) {
      if (!sink.write(chunk)) await once(sink, "drain");
    }
    await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `out`: the head, then the snapshot's bytes. */
export async function writeBackupFile(out: string, snapshot: string, manifest: Omit<BackupManifest, "database">): Promise<BackupManifest> {
  const complete: BackupManifest = { ...manifest, database: await digestFile(snapshot) };
  async function* content(): AsyncIterable<Buffer> {
    yield encodeBackupHead(complete);
    yield* createReadStream(snapshot) as AsyncIterable<Buffer>;
  }
  await writeNewFile(out, content());
  return complete;
}

/** The manifest of a backup file, without reading its body. */
export function readBackupHead(file: string): { manifest: BackupManifest; bodyOffset: number } {
  const fd = openSync(file, "r");
  try {
    const first = Buffer.alloc(MAX_BACKUP_HEAD_BYTES);
    const read = readSync(fd, first, 0, first.length, 0);
    return decodeBackupHead(first.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies a backup's snapshot to `destination`, hashing what it copies, and accepts it only if its
 * length and SHA-256 are the manifest's: a damaged or cut-short backup is refused (and the copy
 * removed) before anything opens it.
 */
export async function extractBackupSnapshot(file: string, destination: string): Promise<BackupManifest> {
  const { manifest, bodyOffset } = readBackupHead(file);
  const hasher = new Sha256Hasher();
  let bytes = 0;
  async function* hashed(): AsyncIterable<Buffer> {
    for await (const chunk of createReadStream(file, { start: bodyOffset }) as AsyncIterable<Buffer>) {
      hasher.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  await writeNewFile(destination, hashed());
  const sha256 = Buffer.from(await hasher.digest()).toString("hex");
  if (bytes !== manifest.database.bytes || sha256 !== manifest.database.sha256) {
    rmSync(destination, { force: true });
    throw new BackupFormatError(
      bytes !== manifest.database.bytes
        ? `its snapshot is ${bytes} bytes where the manifest says ${manifest.database.bytes} (cut short or appended to)`
        : "its snapshot does not match the manifest's SHA-256 (the file is damaged)",
    );
  }
  return manifest;
}
