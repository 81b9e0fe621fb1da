/**
 * The one atomic file write of mlpc, used by the compiler, `mlpc train`, `compare`, `lint --fix` and the
 * generated scripts alike. It lives in the runtime because generated scripts must stay standalone (the
 * runtime imports only tfjs and node:*), and the rest of mlpc may import this module and no other part
 * of the runtime (test/architecture/import-graph.ts).
 *
 * Readers never see a half-written file: the data goes to a temporary file beside the target (same
 * folder, so the same file system) and rename(2) replaces the old file in one step. A kill at any
 * moment leaves the old file or the new one; at worst a temporary file whose name starts with
 * `.<name>.` and ends with `.tmp`, which the next write of a saved model removes (save-model.ts). The
 * data is not fsynced: this protects against a killed or crashed process, not a power cut.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temporary file's name for `fileName`: hidden, unique per call, recognizable by `isReplaceTemporary`. */
function temporaryName(fileName: string): string {
  return `.${fileName}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** True for a temporary file that `replaceFile` writes before its rename (left only by a killed writer). */
export function isReplaceTemporary(fileName: string): boolean {
  return /^\..+\.\d+-[0-9a-f]{8}\.tmp$/.test(fileName);
}

/** Writes all of `chunk` at the file position of `fd` (writeSync may write less than asked). */
function writeAll(fd: number, chunk: Uint8Array): void {
  for (let done = 0; done < chunk.byteLength; ) done += writeSync(fd, chunk, done, chunk.byteLength - done);
}

/**
 * Replaces `path` with `data` in one rename. Through a symlink the link's target is replaced, as an
 * in-place edit would; an existing file keeps its mode. A list of chunks is written one after the
 * other into the one temporary file, so large data (a checkpoint's tensors, each its own
 * Float32Array) is never concatenated in memory first.
 */
export function replaceFile(path: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // A new file: nothing to follow.
  }
  let mode: number | undefined;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const temporary = join(dirname(target), temporaryName(basename(target)));
  try {
    // 'wx': a fresh file, never an existing one followed through a link.
    const fd = openSync(temporary, 'wx');
    try {
      if (typeof data === 'string') writeAll(fd, Buffer.from(data, 'utf8'));
      else if (data instanceof Uint8Array) writeAll(fd, data);
      else for (const chunk of data) writeAll(fd, chunk);
      if (mode !== undefined) fchmodSync(fd, mode);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
