/** A spec's IR through the compiler's own front end (dist/, built by `npm run build:ts`). */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { repoRoot } from './child.mjs';

/** `specFile` may also be a saved IR (*.json), e.g. from `mlpc inspect --json`. */
export async function loadIr(specFile) {
  if (specFile.endsWith('.json')) return JSON.parse(readFileSync(specFile, 'utf8'));
  const compiler = path.join(repoRoot, 'dist/compiler/ir/compile.js');
  if (!existsSync(compiler)) throw new Error('dist/compiler/ir/compile.js is missing: run `npm run build:ts`');
  const { compileSpecFile } = await import(pathToFileURL(compiler).href);
  const { ir, diagnostics } = await compileSpecFile(specFile);
  if (!ir) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    throw new Error(`${specFile} does not compile: ${first?.message ?? 'no IR'}`);
  }
  return ir;
}
