/** Expands CLI paths (files, directories searched recursively for *.yaml / *.yml) into a sorted list of spec files. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export const DEFAULT_SPEC_PATHS = ['specs'];
const SPEC_FILE = /\.ya?ml$/i;

async function collect(directory: string, found: Set<string>): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await collect(path, found);
    else if (entry.isFile() && SPEC_FILE.test(entry.name)) found.add(path);
  }
}

export async function findSpecFiles(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths.length ? paths : DEFAULT_SPEC_PATHS) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new InputError(`no such file or directory: ${path}`);
    }
    if (info.isDirectory()) await collect(path, found);
    else found.add(path);
  }
  return [...found].map((path) => path.replace(/\\/g, '/')).sort();
}
