/**
 * Compiler figures: CPU time (user + sys, as the process itself reports it through the usage
 * preload) of `mlpc lint` and `mlpc build --check` over all shipped specs, minus that of a bare
 * `node -e ''` with the same preload: what the compiler costs beyond Node's own start-up.
 * Medians of several runs; also whether TensorFlow.js got loaded (lint must never load it).
 * `lintWarm`: the work alone, in this process once loaded: CPU ms per compile + lint of every shipped
 * spec (budget 50 ms; ~4 ms measured), median of 10 passes after 5 warm-up passes.
 * `measureCheck` (part `check`) measures `mlpc build --check` alone: it decides from the stamps in the
 * generated files' headers, without the emitter (target < 150 ms beyond node).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../lib/child.mjs';
import { median } from '../lib/stats.mjs';

const preload = fileURLToPath(new URL('../lib/usage-preload.mjs', import.meta.url));

/** Runs `node --import preload ...args` `runs` times; returns CPU ms per run and the last exit. */
async function cpuOf(args, runs) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-bench-cpu-'));
  const cpu = [];
  let last;
  try {
    for (let i = 0; i < runs; i++) {
      const usageFile = path.join(dir, `${i}.jsonl`);
      last = await runProcess(process.execPath, ['--import', preload, ...args], { env: { MLPC_BENCH_USAGE_FILE: usageFile } });
      const lines = readFileSync(usageFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      cpu.push(lines.reduce((acc, u) => acc + u.userMs + u.systemMs, 0));
      last.tfjsLoaded = lines.some((u) => u.tfjsLoaded);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { cpuMs: median(cpu), samples: cpu, exitCode: last.code, tfjsLoaded: last.tfjsLoaded, stderrTail: last.stderr.trim().split('\n').slice(-2).join(' | ') };
}

/** CPU ms of compiling and linting every shipped spec in this process, warm (dist/ must be built). */
async function lintWarm(passes) {
  const { findSpecFiles } = await import('../../dist/compiler/spec/find-specs.js');
  const { lintSpecText } = await import('../../dist/compiler/lint/lint-spec.js');
  const { DEFAULT_LINT_CONFIG } = await import('../../dist/compiler/lint/config.js');
  const files = await findSpecFiles(['specs']);
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const lintAll = () => files.forEach((file, index) => lintSpecText(file, texts[index], DEFAULT_LINT_CONFIG));
  for (let pass = 0; pass < 5; pass += 1) lintAll();
  const samples = [];
  for (let pass = 0; pass < passes; pass += 1) {
    const start = process.cpuUsage();
    lintAll();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
  }
  return { specs: files.length, cpuMs: median(samples), samples, budgetMs: 50 };
}

export async function measureCompiler({ runs, log }) {
  log('  node -e ""');
  const baseline = await cpuOf(['-e', ''], runs);
  log('  mlpc lint specs');
  const lint = await cpuOf(['bin/mlpc.js', 'lint', 'specs'], runs);
  log('  mlpc build --check specs');
  const build = await cpuOf(['bin/mlpc.js', 'build', 'specs', '--check'], runs);
  // exit 1 = findings / stale files: still a complete run; 2 and 70 mean the command did not do its job
  const complete = (r) => r.exitCode === 0 || r.exitCode === 1;
  return {
    runs,
    nodeBaselineCpuMs: baseline.cpuMs,
    lint: { ...lint, beyondNodeMs: lint.cpuMs - baseline.cpuMs, complete: complete(lint) },
    buildCheck: { ...build, beyondNodeMs: build.cpuMs - baseline.cpuMs, complete: complete(build) },
    lintWarm: await lintWarm(10),
  };
}

export async function measureCheck({ runs, log }) {
  log('  node -e ""');
  const baseline = await cpuOf(['-e', ''], runs);
  log('  mlpc build --check specs');
  const check = await cpuOf(['bin/mlpc.js', 'build', 'specs', '--check'], runs);
  return { runs, nodeBaselineCpuMs: baseline.cpuMs, buildCheck: { ...check, beyondNodeMs: check.cpuMs - baseline.cpuMs, complete: check.exitCode === 0 || check.exitCode === 1 } };
}
