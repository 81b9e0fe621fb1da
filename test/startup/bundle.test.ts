/**
 * The bundled CLI (scripts/bundle.mjs → dist/bundle/, started by bin/mlpc.js with a V8 code cache)
 * must behave exactly as tsc's dist/ (MLPC_NO_BUNDLE=1), stay light for lint, survive a bad cache,
 * and start faster. `npm test` builds both first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartupRow } from './measure-startup.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/mlpc.js');
const FIXTURES = path.join(ROOT, 'test/startup/fixtures');
const MEASURE = path.join(ROOT, 'test/startup/measure-startup.mjs');
const FORBID_HEAVY = ['--import', path.join(FIXTURES, 'forbid-heavy.mjs')];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous, so that the test worker keeps answering vitest while dozens of CLIs run. */
async function mlpc(args: string[], options: { env?: Record<string, string>; nodeArgs?: string[]; cwd?: string } = {}): Promise<Run> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

const unbundled = { MLPC_NO_BUNDLE: '1' };
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'dist/bundle/manifest.json'), 'utf8')) as { bundle: string; hash: string };

describe('the bundled CLI', () => {
  it('holds no emitter, trainer, compare code and no heavy package (from the build metafile)', async () => {
    const meta = JSON.parse(readFileSync(path.join(ROOT, 'dist/bundle/meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string }[] }>;
    };
    const output = meta.outputs[`dist/bundle/${manifest.bundle}`]!;
    const inputs = Object.keys(output.inputs);
    expect(inputs).toContain('src/cli/handlers/lint.ts');
    expect(inputs).toContain('src/cli/handlers/build.ts');
    // The runtime's import-free modules the compiler shares (window geometry, the one atomic write) load no TensorFlow.js.
    const shared = /^src\/runtime\/(shared\/|replace-file\.ts$)/;
    expect(inputs.filter((file) => /node_modules\/(ts-morph|@ts-morph|typescript|@tensorflow)\/|^src\/(compiler\/emit|train|compare|runtime)\//.test(file) && !shared.test(file))).toEqual([]);
  });

  it('lints, explains and prints help without loading ts-morph, typescript or @tensorflow/*', async () => {
    const control = spawnSync(process.execPath, [...FORBID_HEAVY, '-e', "require('@tensorflow/tfjs-core')"], { encoding: 'utf8' });
    expect(control.status, 'the preload catches a heavy require').toBe(99);
    for (const args of [['lint'], ['lint', '--format', 'sarif'], ['lint', '--format', 'json'], ['lint', '--format', 'github'], ['explain', 'init-scale'], ['--help'], ['build', '--check']]) {
      const run = await mlpc(args, { nodeArgs: FORBID_HEAVY, env: { MLPC_CODE_CACHE: 'off' } });
      expect(run.stderr, args.join(' ')).not.toContain('forbidden heavy import');
      expect([0, 1], args.join(' ')).toContain(run.status);
    }
  });

  it('prints and exits exactly as the unbundled CLI', async () => {
    const cases = [
      ['lint'],
      ['lint', 'specs', '--format', 'json'],
      ['lint', '--format', 'sarif'],
      ['lint', '--format', 'github', '--max-warnings', '0'],
      ['lint', fixture('logits_dropout.yaml')],
      ['lint', fixture('invalid.yaml')],
      ['lint', 'no/such/dir'],
      ['lint', '--format', 'nope'],
      ['explain'],
      ['explain', 'no-bias-regularization', '--markdown'],
      ['explain', 'no-such-rule'],
      ['--help'],
      ['lint', '--help'],
      ['--version'],
      ['bogus'],
      ['init', ''],
      ['schema', '--path'],
      ['inspect', 'specs/seed.yaml'],
      ['build', '--check'],
      ['build', 'specs/seed.yaml', '--check'],
    ];
    for (const args of cases) {
      const bundled = await mlpc(args);
      expect(bundled, args.join(' ')).toEqual(await mlpc(args, { env: unbundled }));
    }
  });

  it('--fix rewrites a spec exactly as the unbundled CLI', async () => {
    const results = await Promise.all([{}, unbundled].map(async (env) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-startup-'));
      copyFileSync(path.join(ROOT, 'specs/seed.yaml'), path.join(dir, 'seed.yaml'));
      const run = await mlpc(['lint', '--fix', 'seed.yaml'], { env, cwd: dir });
      return { run, text: readFileSync(path.join(dir, 'seed.yaml'), 'utf8') };
    }));
    expect(results[0]!.text).not.toBe(readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8'));
    expect(results[0]).toEqual(results[1]);
  });

  it('a corrupt, foreign or missing code cache changes nothing and is rewritten for the next run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-code-cache-'));
    const env = { MLPC_CODE_CACHE_DIR: dir };
    const expected = await mlpc(['lint'], { env: unbundled });
    expect(await mlpc(['lint'], { env })).toEqual(expected);
    const [cacheName] = readdirSync(dir);
    expect(cacheName).toBe(`${manifest.hash}-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}-no-opt.cache`);
    const cacheFile = path.join(dir, cacheName!);
    const good = readFileSync(cacheFile);
    // Same length as a real cache (V8 checks lengths first), wrong bytes; then a cache of other flags.
    writeFileSync(cacheFile, Buffer.alloc(good.length, 7));
    expect(await mlpc(['lint'], { env })).toEqual(expected);
    expect(readFileSync(cacheFile).equals(Buffer.alloc(good.length, 7))).toBe(false);
    await mlpc(['init', '--help'], { env: { ...env, MLPC_CODE_CACHE: 'rebuild' } });
    const otherFlags = readdirSync(dir).find((name) => name.endsWith('-default.cache'))!;
    copyFileSync(path.join(dir, otherFlags), cacheFile);
    expect(await mlpc(['lint'], { env })).toEqual(expected);
    expect(await mlpc(['lint', fixture('logits_dropout.yaml')], { env })).toEqual(await mlpc(['lint', fixture('logits_dropout.yaml')], { env: unbundled }));
  });

  it('falls back to tsc output when dist/ is newer than the bundle (tsc run alone after an edit)', async () => {
    const unbundledMain = path.join(ROOT, 'dist/cli/main.js');
    const { atime, mtime } = statSync(unbundledMain);
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-stale-bundle-'));
    const env = { MLPC_CODE_CACHE_DIR: dir, MLPC_CODE_CACHE: 'rebuild' };
    try {
      utimesSync(unbundledMain, atime, new Date(Date.now() + 60_000));
      expect(await mlpc(['lint'], { env })).toEqual(await mlpc(['lint'], { env: unbundled }));
      expect(readdirSync(dir), 'no bundle ran, so no code cache was written').toEqual([]);
    } finally {
      utimesSync(unbundledMain, atime, mtime);
    }
    await mlpc(['lint'], { env });
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('--debug stacks of internal errors name the src/ files (source maps)', async () => {
    const injectFault = ['--import', 'data:text/javascript,JSON.stringify=()=>{throw new Error("injected fault")}'];
    const run = await mlpc(['--debug', 'lint', '--format', 'json'], { nodeArgs: injectFault });
    expect(run.status).toBe(70);
    expect(run.stderr).toContain('internal error: injected fault');
    // The injected JSON.stringify fault fires in the first compiler module that calls it (today the selectors).
    expect(run.stderr).toMatch(/at .*src\/compiler\/[\w/-]+\.ts:\d+:\d+/);
    expect(run.stderr).toMatch(/at .*src\/cli\/handlers\/lint\.ts:\d+:\d+/);
  });

  it('starts lint faster than tsc output (CPU beyond an empty node, medians in one loop; logged)', async () => {
    const measuring = spawn(process.execPath, [MEASURE, '--json', '--runs', '5', '--', "lint, tsc dist/=@MLPC_NO_BUNDLE=1 bin/mlpc.js lint", "lint, bundle + code cache=bin/mlpc.js lint"], { cwd: ROOT });
    let json = '';
    measuring.stdout.setEncoding('utf8').on('data', (chunk: string) => (json += chunk));
    await once(measuring, 'close');
    const rows = JSON.parse(json) as StartupRow[];
    for (const row of rows) console.log(`${row.label}: ${row.beyond.toFixed(1)} ms CPU beyond node -e ''`);
    expect(rows[2]!.beyond).toBeLessThan(rows[1]!.beyond * 0.6);
  });
});

function fixture(name: string): string {
  return path.relative(ROOT, path.join(FIXTURES, name));
}
