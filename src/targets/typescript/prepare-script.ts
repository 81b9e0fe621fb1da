/**
 * A generated script ready for `node`: the model file and the runtime it imports, emitted in memory,
 * transpiled with TypeScript's transpileModule to ES modules, and written (atomically) into the run
 * cache (../run-cache.ts). The runtime is cached under its content hash, which the model file imports by name.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { replaceFile } from '../../runtime/replace-file.js';
import { join } from 'node:path';
// ts-morph (a dependency) carries the compiler API; the `typescript` package is only a devDependency.
import { ts } from 'ts-morph';
import type { ModelIR } from '../../compiler/ir/types.js';
import { ScriptEmitter } from '../../compiler/emit/emit-script.js';
import { runCacheDir } from '../run-cache.js';

export function transpileScript(text: string, fileName: string): string {
  return ts.transpileModule(text, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, sourceMap: false },
  }).outputText;
}

/** Path of the runnable .mjs of the model; the same spec maps to the same file. */
export function prepareRunnableScript(ir: ModelIR, emitter = new ScriptEmitter()): string {
  const runtime = emitter.runtime();
  const runtimeName = `mlpc-runtime-${runtime.contentHash.slice(0, 16)}`;
  mkdirSync(runCacheDir, { recursive: true });
  const runtimePath = join(runCacheDir, `${runtimeName}.mjs`);
  // Reused as it is (one transpile per runtime version); touched so pruning sees it in use.
  try {
    utimesSync(runtimePath, new Date(), new Date());
  } catch {
    writeAtomically(runtimeName, transpileScript(runtime.text, runtime.fileName));
  }
  pruneOldVersions('mlpc-runtime', runtimePath);
  const script = emitter.emit(ir, { outDir: runCacheDir, runtimeSpecifier: `./${runtimeName}.mjs`, absoluteDataPaths: true });
  const javascript = transpileScript(script.text, script.fileName);
  const digest = createHash('sha256').update(javascript).digest('hex').slice(0, 16);
  const target = writeAtomically(`${ir.name}-${digest}`, javascript);
  pruneOldVersions(ir.name, target);
  return target;
}

function writeAtomically(baseName: string, javascript: string): string {
  const target = join(runCacheDir, `${baseName}.mjs`);
  replaceFile(target, javascript);
  return target;
}

/** Earlier versions of a model's script pile up as its spec changes; an hour-old one is no longer running. */
const staleScriptAgeMs = 60 * 60 * 1000;

function pruneOldVersions(name: string, current: string): void {
  const version = new RegExp(`^${name}-[0-9a-f]{16}\\.mjs$`);
  for (const fileName of readdirSync(runCacheDir)) {
    const path = join(runCacheDir, fileName);
    if (!version.test(fileName) || path === current) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > staleScriptAgeMs) rmSync(path, { force: true });
    } catch {
      // another run pruned it first
    }
  }
}
