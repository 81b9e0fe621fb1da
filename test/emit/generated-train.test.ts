/**
 * Every committed generated script runs: a few steps on wasm with finite, falling loss. The scripts
 * and their runtime are transpiled from generated/ exactly as committed (not re-emitted).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeFileName } from '../../src/compiler/emit/emit-script.js';
import { transpileScript } from '../../src/targets/typescript/prepare-script.js';
import { runScript } from '../../src/train/run-script.js';
import { readRecords, temporaryDir } from './helpers.js';

const scriptsDir = resolve('node_modules/.cache/mlpc-test/generated');
const source = (name: string) => readFileSync(join('generated', name), 'utf8');
// Language models log other records (no accuracy, no test split) and read data beside generated/: test/train/gpt-typescript.test.ts.
const generatedFiles = readdirSync('generated')
  .filter((name) => name.endsWith('.ts') && name !== runtimeFileName && !source(name).includes('runLanguageModelScript('))
  .sort();

describe('committed generated scripts train on wasm', () => {
  it.each(generatedFiles)('%s: 11 steps, finite and falling loss', async (fileName) => {
    mkdirSync(scriptsDir, { recursive: true });
    // Scripts read data files relative to themselves (../data/… from generated/), so data/ sits beside the copies too.
    const dataLink = join(scriptsDir, '..', 'data');
    if (!existsSync(dataLink)) symlinkSync(resolve('data'), dataLink, 'dir');
    // The runtime beside them, as `./mlpc-runtime.js` (an ES module: the project's package.json says so).
    writeFileSync(join(scriptsDir, 'mlpc-runtime.js'), transpileScript(readFileSync(join('generated', runtimeFileName), 'utf8'), runtimeFileName));
    const scriptPath = join(scriptsDir, fileName.replace(/\.ts$/, '.mjs'));
    writeFileSync(scriptPath, transpileScript(readFileSync(join('generated', fileName), 'utf8'), fileName));
    const outDir = temporaryDir(fileName.replace(/\.ts$/, ''));
    const run = await runScript(scriptPath, ['--backend', 'wasm', '--steps', '11', '--eval-every', '5', '--out', outDir], {
      inheritOutput: false,
      env: { ...process.env, MLPC_QUIET: '1' },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const records = readRecords(outDir);
    const steps = records.filter((record) => record.test_loss === undefined);
    expect(steps.map((record) => record.step)).toEqual([0, 5, 10]);
    for (const record of steps) {
      expect(Number.isFinite(record.total_loss)).toBe(true);
      expect(Number.isFinite(record.val_loss)).toBe(true);
    }
    // Validation loss (no dropout, fixed examples) is the steady signal; minibatch loss is noisy.
    expect(steps[2].val_loss).toBeLessThan(steps[0].val_loss ?? Number.NaN);
    // accuracy, or the metric the script names (binary_accuracy, mae)
    const metric = /metric: '(\w+)'/.exec(source(fileName))?.[1] ?? 'accuracy';
    expect(Number.isFinite((records[records.length - 1] as unknown as Record<string, number>)[`test_${metric}`])).toBe(true);
  }, 180_000);
});
