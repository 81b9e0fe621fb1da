/**
 * Where mlpc itself is installed, and its version: read from mlpc's own package.json, never from the
 * environment (npx and npm scripts set npm_package_version to the version of the project they run in).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The mlpc package root: the nearest folder above `from` holding mlpc's package.json (src/, dist/ and the bundle alike). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let folder = dirname(from); ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mlpc') return folder;
    if (dirname(folder) === folder) throw new Error(`mlpc's package.json not found above ${from}`);
  }
}

/** mlpc's version, from its package.json. */
export function mlpcPackageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
