/** Shared by the emit tests: compile fixture specs, run their generated scripts, read saved weights. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emitBuild } from '../../src/compiler/emit/emit-script.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import type { ModelIR } from '../../src/compiler/ir/types.js';
import { prepareRunnableScript, transpileScript } from '../../src/targets/typescript/prepare-script.js';
import { runScript } from '../../src/train/run-script.js';
import type { MetricsRecord } from '../../src/train/train-model.js';

export const fixturesDir = 'test/emit/fixtures';

export function compileFixture(fileName: string): ModelIR {
  const file = join(fixturesDir, fileName);
  return compileText(file, readFileSync(file, 'utf8'));
}

export function compileText(file: string, text: string): ModelIR {
  const result = compileSpecText(file, text);
  if (!result.ir) throw new Error(`${file} does not compile: ${JSON.stringify(result.diagnostics, null, 1)}`);
  return result.ir;
}

export function temporaryDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mlpc-${prefix}-`));
}

export interface FixtureRun {
  exitCode: number;
  stderr: string;
  outDir: string;
  records: MetricsRecord[];
}

export function readRecords(outDir: string): MetricsRecord[] {
  return readFileSync(join(outDir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MetricsRecord);
}

/** Emits, transpiles and runs the model's script on wasm with the given extra flags. */
export async function runModel(ir: ModelIR, flags: string[], env: NodeJS.ProcessEnv = {}): Promise<FixtureRun> {
  const outDir = temporaryDir(ir.name);
  const script = prepareRunnableScript(ir);
  const run = await runScript(script, ['--backend', 'wasm', '--out', outDir, ...flags], {
    inheritOutput: false,
    env: { ...process.env, MLPC_QUIET: '1', ...env },
  });
  let records: MetricsRecord[] = [];
  try {
    records = readRecords(outDir);
  } catch {
    // no metrics: the run failed before training
  }
  return { exitCode: run.exitCode, stderr: run.stderr, outDir, records };
}

export interface SavedWeight {
  shape: number[];
  values: Float32Array;
}

/** The weights of a saved model.json + weights.bin, by weight name (`hidden/kernel`). */
export function readSavedWeights(outDir: string): Map<string, SavedWeight> {
  const model = JSON.parse(readFileSync(join(outDir, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
  };
  const weights = new Map<string, SavedWeight>();
  for (const group of model.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((path) => readFileSync(join(outDir, path))));
    const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    let offset = 0;
    for (const weight of group.weights) {
      const size = weight.shape.reduce((product, dim) => product * dim, 1);
      weights.set(weight.name, { shape: weight.shape, values: all.slice(offset, offset + size) });
      offset += size;
    }
  }
  return weights;
}

export function weight(weights: Map<string, SavedWeight>, name: string): SavedWeight {
  const found = weights.get(name);
  if (!found) throw new Error(`no saved weight ${name}`);
  return found;
}

/**
 * A fixture's model file changed by `edit` (a planted bug, an extra hook), transpiled beside its
 * runtime inside the project (so tfjs resolves) and ready for runScript.
 */
export function editedScript(fixture: string, variant: string, edit: (text: string) => string): string {
  const dir = resolve('node_modules/.cache/mlpc-test/edited-scripts');
  mkdirSync(dir, { recursive: true });
  const { runtime, scripts } = emitBuild([compileFixture(fixture)], dir);
  writeFileSync(join(dir, 'mlpc-runtime.js'), transpileScript(runtime.text, runtime.fileName));
  const path = join(dir, `${scripts[0].name}-${variant}.mjs`);
  writeFileSync(path, transpileScript(edit(scripts[0].text), scripts[0].fileName));
  return path;
}
