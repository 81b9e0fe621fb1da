import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/cli/handlers/compare.js';
import type { StudyResults } from '../../src/compare/results-file.js';
import type { TrainFunction } from '../../src/compare/trainer.js';
import { main } from '../../src/cli/main.js';
import { fakeTrainer } from './fake-trainer.js';

const fixtures = ['test/compare/fixtures/tiny_plain.yaml', 'test/compare/fixtures/tiny_l2_dropout.yaml'];
const silent = { write: () => true };

describe('interrupting a study', () => {
  it('keeps the finished runs in results.json and reports them as incomplete', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-interrupt-'));
    const controller = new AbortController();
    const { train: fake } = fakeTrainer();
    let started = 0;
    // The third run is "interrupted" (Ctrl-C) while the second is still training: it rejects on abort.
    const train: TrainFunction = async (ir, options) => {
      started += 1;
      if (started === 3) {
        controller.abort();
        throw new Error('aborted');
      }
      return fake(ir, options);
    };
    const code = await runCompare({ specs: fixtures, out, seeds: 3, jobs: 1 }, { train, stderr: silent, signal: controller.signal });
    expect(code).toBe(130);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    expect(results.interrupted).toBe(true);
    expect(results.runs.map((r) => `${r.condition}/${r.seed}`)).toEqual(['tiny-l2-dropout/1', 'tiny-plain/1']);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('**Incomplete: 2 of 6 runs finished**');
    expect((await readdir(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('records a failed run, goes on with the others and exits 1', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mlpc-failure-'));
    const { train: fake } = fakeTrainer();
    const train: TrainFunction = async (ir, options) => {
      if (ir.name === 'tiny_plain' && options.seed === 2) throw new Error('the training script exited with code 1');
      return fake(ir, options);
    };
    const code = await runCompare({ specs: fixtures, out, seeds: 3 }, { train, stderr: silent, signal: new AbortController().signal });
    expect(code).toBe(1);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as StudyResults;
    expect(results.runs).toHaveLength(6);
    expect(results.runs.filter((r) => r.error)).toMatchObject([{ condition: 'tiny-plain', seed: 2, records: [] }]);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('tiny_plain seed 2: the training script exited with code 1');
  });
});

describe('bad input', () => {
  async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
    const writes: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    process.exitCode = undefined;
    try {
      await main(['node', 'mlpc', 'compare', ...args]);
    } finally {
      process.stderr.write = write;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { code, stderr: writes.join('') };
  }

  it('an invalid spec is a diagnostic at its line, exit 2, nothing written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlpc-bad-'));
    const spec = join(dir, 'bad.yaml');
    const text = (await readFile(fixtures[0], 'utf8')).replace('units: 16', 'units: -16');
    await writeFile(spec, text);
    const out = join(dir, 'out');
    const { code, stderr } = await cli([spec, fixtures[1], '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:8:\d+/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('bad flags are usage errors with exit 2', async () => {
    expect((await cli([fixtures[0], '--tune', 'learning_rate'])).stderr).toContain('expected field=value1,value2');
    expect((await cli([fixtures[0], '--vary', 'regularization=l3'])).code).toBe(2);
    expect((await cli([fixtures[0], '--seeds', 'three'])).code).toBe(2);
    expect((await cli([fixtures[0], '--backend', 'gpu'])).code).toBe(2);
    expect((await cli(['--from', 'no/such/results.json'])).stderr).toContain('--from no/such/results.json: cannot read it');
    expect((await cli([])).code).toBe(2);
  });
});
