/** Writing into the output folder: temporary file then rename, and never a path outside the folder. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

function insideFolder(folder: string, fileName: string): string {
  const target = resolve(folder, fileName);
  const fromFolder = relative(resolve(folder), target);
  // A file of a subfolder (the PyTorch runtime package, mlpc_runtime/…) is inside too.
  if (fromFolder === '' || fromFolder.startsWith('..') || isAbsolute(fromFolder)) {
    throw new Error(`refusing to write ${fileName}: not a file name inside ${folder}`);
  }
  return target;
}

/** Readers never see a half-written file: the rename replaces the old one in one step. */
export function writeFileAtomically(folder: string, fileName: string, text: string): void {
  const target = insideFolder(folder, fileName);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function removeFileInFolder(folder: string, fileName: string): void {
  rmSync(insideFolder(folder, fileName), { force: true });
}
