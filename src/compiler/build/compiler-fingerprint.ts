/**
 * A fingerprint of the code that decides what a build writes, so that `mlpc build --check` can trust a
 * generated file's stamp without re-running the emitter. It hashes every source file under the
 * emit-relevant folders (spec, ir, emit, the targets, the runtimes) and the versions of the packages whose behaviour
 * shows in the output (ts-morph and typescript format the code, yaml parses the spec). Lint, the CLI and
 * the diagnostics are left out: they decide whether a build runs, never what it writes.
 *
 * An edit to the emitter without a version bump (development) changes the fingerprint, so a file stamped
 * by the old code is not taken as up to date. `npm run build:ts` records the fingerprint of the sources it
 * compiled in dist/compiler-fingerprint.json (scripts/write-compiler-fingerprint.mjs); running from src/
 * (tsx, vitest) or from a dist/ that tsc rebuilt after that record, it is computed from src/ (≈ 3 ms).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './package-root.js';

export { packageRoot } from './package-root.js';

/** Folders (relative to the package root) whose files decide the bytes of generated code. */
// src/targets: a target names its files and writes some itself (the Python runtime's header).
export const EMIT_RELEVANT_FOLDERS = ['src/compiler/spec', 'src/compiler/ir', 'src/compiler/emit', 'src/targets', 'src/runtime', 'src/runtime-py'];
/** Packages whose version shows in the output. */
export const EMIT_RELEVANT_PACKAGES = ['ts-morph', 'typescript', 'yaml'];
export const FINGERPRINT_FILE = 'dist/compiler-fingerprint.json';

export interface CompilerIdentity {
  /** mlpc's version (package.json). */
  version: string;
  /** 16 hex digits. */
  fingerprint: string;
}

function filesUnder(folder: string, root: string, found: string[]): void {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    // Python's byte-code caches appear beside the runtime when tests import it; they decide nothing.
    if (entry.name === '__pycache__' || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) filesUnder(path, root, found);
    else if (entry.isFile()) found.push(relative(root, path).split('\\').join('/'));
  }
}

function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'absent';
  }
}

/** Hashes the emit-relevant sources under `root` (a checkout: src/ must be there). */
export function computeCompilerFingerprint(root: string): string {
  const files: string[] = [];
  for (const folder of EMIT_RELEVANT_FOLDERS) filesUnder(join(root, folder), root, files);
  if (files.length === 0) throw new Error(`no compiler sources under ${root}/src to fingerprint`);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  for (const name of EMIT_RELEVANT_PACKAGES) hash.update(`${name}@${packageVersion(root, name)}\0`);
  return hash.digest('hex').slice(0, 16);
}

function recordedFingerprint(root: string): string | null {
  const record = join(root, FINGERPRINT_FILE);
  const compiled = join(root, 'dist/cli/main.js');
  try {
    // tsc rewrites all of dist/ on each run: a record older than dist/ was made for other sources.
    if (statSync(record).mtimeMs < statSync(compiled).mtimeMs) return null;
    return (JSON.parse(readFileSync(record, 'utf8')) as { fingerprint: string }).fingerprint;
  } catch {
    return null;
  }
}

let cached: CompilerIdentity | undefined;

/** The identity of the compiler running now: what a stamp written by this process records. */
export function currentCompiler(): CompilerIdentity {
  if (cached) return cached;
  const self = fileURLToPath(import.meta.url);
  const root = packageRoot(self);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const fromSources = self.endsWith('.ts');
  const fingerprint = (fromSources ? null : recordedFingerprint(root)) ?? computeCompilerFingerprint(root);
  cached = { version, fingerprint };
  return cached;
}
