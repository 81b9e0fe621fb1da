/**
 * docs/trained-model.md's two programs, run as printed on a 3-step training run of the seed spec in each
 * target. Their logits are checked against a forward pass of the 784-1024-10 ReLU net computed here, in
 * float64, from model.json + its weights file alone, so a program that loaded nothing (or the wrong weights,
 * or kept dropout on) fails.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../helpers/run-process.js';
import { python, torch } from '../pytorch/helpers.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGE = readFileSync(path.join(ROOT, 'docs/trained-model.md'), 'utf8');
// Under runs/ (git-ignored) so that the TypeScript program resolves @tensorflow/tfjs from the project.
mkdirSync(path.join(ROOT, 'runs'), { recursive: true });
const work = mkdtempSync(path.join(ROOT, 'runs', 'trained-model-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function snippet(name: string, language: string): string {
  const found = new RegExp(`<!-- snippet:${name.replace('.', '\\.')} -->\\n\`\`\`${language}\\n([\\s\\S]*?)\`\`\`\\n`).exec(PAGE)?.[1];
  if (found === undefined) throw new Error(`docs/trained-model.md has no ${name} snippet`);
  return found;
}

/** Five inputs in [0, 1] from a fixed linear congruential sequence. */
function inputs(): number[][] {
  let state = 12345;
  return Array.from({ length: 5 }, () =>
    Array.from({ length: 784 }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    }),
  );
}

/** relu(x·W1 + b1)·W2 + b2 from the weights file the folder's manifest names (Keras layout: kernels [in, out]). */
function expectedLogits(dir: string, rows: number[][]): number[][] {
  const manifest = (JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  }).weightsManifest[0]!.weights;
  const bytes = savedWeightsBytes(dir);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const { name, shape } of manifest) {
    const count = shape.reduce((a, b) => a * b, 1);
    weights.set(name, new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * count)));
    offset += 4 * count;
  }
  const dense = (x: number[], kernel: Float32Array, bias: Float32Array, relu: boolean) =>
    Array.from(bias, (b, unit) => {
      let sum = b;
      for (let i = 0; i < x.length; i++) sum += x[i]! * kernel[i * bias.length + unit]!;
      return relu ? Math.max(0, sum) : sum;
    });
  return rows.map((x) => dense(dense(x, weights.get('hidden/kernel')!, weights.get('hidden/bias')!, true), weights.get('out/kernel')!, weights.get('out/bias')!, false));
}

function expectClose(actual: { classes: number[]; logits: number[][] }, expected: number[][]): void {
  const scale = Math.max(...expected.flat().map(Math.abs));
  expect(actual.logits).toHaveLength(expected.length);
  actual.logits.forEach((row, i) => row.forEach((value, j) => expect(Math.abs(value - expected[i]![j]!) / scale).toBeLessThan(1e-5)));
  expect(actual.classes).toEqual(expected.map((row) => row.indexOf(Math.max(...row))));
}

const inputsFile = path.join(work, 'inputs.json');
writeFileSync(inputsFile, JSON.stringify(inputs()));

describe('docs/trained-model.md', () => {
  it('TypeScript: the tf.io handler loads a trained run with plain tfjs and predicts', async () => {
    const out = path.join(work, 'ts');
    const train = await runProcess('npx', ['tsx', 'generated/seed.ts', '--steps', '3', '--out', out, '--backend', 'wasm'], { cwd: ROOT });
    expect(train.status, train.stderr).toBe(0);
    const program = path.join(work, 'predict.ts');
    writeFileSync(program, snippet('predict.ts', 'ts'));
    const run = await runProcess('npx', ['tsx', program, out, inputsFile], { cwd: ROOT });
    expect(run.status, run.stderr).toBe(0);
    expectClose(JSON.parse(run.stdout) as { classes: number[]; logits: number[][] }, expectedLogits(out, inputs()));
  }, 240_000);

  torch.it('PyTorch: model.pt loads into the generated module and predicts', async () => {
    const out = path.join(work, 'py');
    const train = await runProcess(python, ['generated/seed.py', '--steps', '3', '--out', out], { cwd: ROOT, env: { ...process.env, MLPC_QUIET: '1' } });
    expect(train.status, train.stderr).toBe(0);
    const program = path.join(work, 'predict.py');
    writeFileSync(program, snippet('predict.py', 'python'));
    const run = await runProcess(python, [program, path.join(ROOT, 'generated'), out, inputsFile], { cwd: ROOT });
    expect(run.status, run.stderr).toBe(0);
    expectClose(JSON.parse(run.stdout) as { classes: number[]; logits: number[][] }, expectedLogits(out, inputs()));
  }, 240_000);
});
