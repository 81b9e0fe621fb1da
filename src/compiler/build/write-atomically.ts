/** Writing into the output folder: temporary file then rename, and never a path outside the folder. */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { replaceFile } from '../../runtime/replace-file.js';

function insideFolder(folder: string, fileName: string): string {
  const target = resolve(folder, fileName);
  const fromFolder = relative(resolve(folder), target);
  // A file of a subfolder (the PyTorch runtime package, mlpc_runtime/…) is inside too.
  if (fromFolder === '' || fromFolder.startsWith('..') || isAbsolute(fromFolder)) {
    throw new Error(`refusing to write ${fileName}: not a file name inside ${folder}`);
  }
  return target;
}

/** Readers never see a half-written file (replaceFile); the name must stay inside the folder. */
export function writeFileAtomically(folder: string, fileName: string, text: string): void {
  const target = insideFolder(folder, fileName);
  mkdirSync(dirname(target), { recursive: true });
  replaceFile(target, text);
}

export function removeFileInFolder(folder: string, fileName: string): void {
  rmSync(insideFolder(folder, fileName), { force: true });
}
