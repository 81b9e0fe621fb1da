/**
 * `mlpc build --check` decides from the stamps in the generated files' headers (through bin/mlpc.js and
 * its bundle, built by `npm test`): a fresh build passes; a changed body byte, header byte or stamp, a
 * changed spec, a deleted file and an orphaned one each fail with their own message; nothing is written;
 * and the check never loads ts-morph, typescript or TensorFlow.js.
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentCompiler } from '../../src/compiler/build/compiler-fingerprint.js';
import { expectedFiles } from '../../src/compiler/build/output-plan.js';
import { readStamp, stampFile, withoutStamp } from '../../src/compiler/build/stamp.js';
import { targetRegistry } from '../../src/targets/registry.js';
import { compileFixture, temporaryDir } from '../emit/helpers.js';
import { runMlpc } from '../helpers/run-process.js';

const FORBID_HEAVY = resolve('test/lint/fixtures/forbid-heavy-imports.mjs');

let built: string;
let root: string;
let out: string;

/** Run in the folder, with relative paths, as a pre-commit hook would: the stamps name specs/<name>.yaml. */
function check() {
  return runMlpc(['build', 'specs', '--check'], { cwd: root });
}

function edit(file: string, change: (text: string) => string): void {
  const text = readFileSync(file, 'utf8');
  const changed = change(text);
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

// One real build (ts-morph, seconds); each test checks a copy of its output.
beforeAll(async () => {
  built = temporaryDir('build-check');
  mkdirSync(join(built, 'specs'));
  for (const name of ['tiny_mlp.yaml', 'constrained.yaml']) copyFileSync(join('test/emit/fixtures', name), join(built, 'specs', name));
  const result = await runMlpc(['build', 'specs'], { cwd: built });
  expect(result.status, result.stderr).toBe(0);
}, 240_000);

beforeEach(() => {
  root = temporaryDir('build-check-case');
  cpSync(built, root, { recursive: true });
  out = join(root, 'generated');
});

describe('mlpc build --check', { timeout: 60_000 }, () => {
  it('passes on a fresh build, without loading ts-morph, typescript or @tensorflow/*', async () => {
    const result = await check();
    expect(result.status, result.stdout + result.stderr).toBe(0);
    // The runtime file and the two model files.
    expect(result.stdout).toContain('3 generated files up to date');
    const { runProcess } = await import('../helpers/run-process.js');
    const bin = resolve('bin/mlpc.js');
    const light = await runProcess(process.execPath, ['--import', FORBID_HEAVY, bin, 'build', 'specs', '--check'], { cwd: root });
    expect(light.stderr).not.toContain('forbidden heavy import');
    expect(light.status, light.stderr).toBe(0);
    // Positive control: the same preload stops a real build at its first ts-morph import.
    const heavy = await runProcess(process.execPath, ['--import', FORBID_HEAVY, bin, 'build', 'specs', '--out', 'elsewhere'], { cwd: root });
    expect(heavy.stderr).toContain('forbidden heavy import');
  });

  it('a changed byte in the body is a hand edit', async () => {
    // The body's middle line, one character: whatever the emitter prints there.
    edit(join(out, 'tiny_mlp.ts'), (text) => {
      const lines = text.split('\n');
      const middle = Math.floor(lines.length / 2);
      lines[middle] = `${lines[middle]} `;
      return lines.join('\n');
    });
    const before = snapshot(out);
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^modified: generated\/tiny_mlp\.ts \(edited after mlpc wrote it/m);
    expect(result.stdout).not.toContain('constrained.ts');
    expect(snapshot(out)).toEqual(before);
  });

  it('a changed byte in the header, or in the stamp itself, is a hand edit too', async () => {
    edit(join(out, 'tiny_mlp.ts'), (text) => text.replace('DO NOT EDIT.', 'DO NOT EDIT!'));
    edit(join(out, 'constrained.ts'), (text) => text.replace(/(mlpc-stamp: file sha256 [0-9a-f]{63})([0-9a-f])/, (_, head: string, last: string) => head + (last === '0' ? '1' : '0')));
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^modified: .*\/tiny_mlp\.ts/m);
    expect(result.stdout).toMatch(/^modified: .*\/constrained\.ts/m);
  });

  it('a changed spec makes its file stale', async () => {
    edit(join(root, 'specs', 'constrained.yaml'), (text) => `${text}# a comment changes the bytes\n`);
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^stale: .*\/constrained\.ts \(.*constrained\.yaml changed since it was generated\)$/m);
    expect(result.stdout).toContain('1 out of date');
  });

  it('a deleted file is missing; a generated file no spec produces is orphaned; a hand-written one is left alone', async () => {
    rmSync(join(out, 'tiny_mlp.ts'));
    const orphan = readFileSync(join(out, 'constrained.ts'), 'utf8');
    writeFileSync(join(out, 'gone.ts'), orphan);
    rmSync(join(root, 'specs', 'constrained.yaml'));
    copyFileSync(join('test/emit/fixtures', 'constrained.yaml'), join(root, 'specs', 'kept.yaml'));
    writeFileSync(join(out, 'handwritten.ts'), 'export const kept = 1;\n');
    const result = await check();
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^missing: .*\/tiny_mlp\.ts \(from .*tiny_mlp\.yaml\)$/m);
    expect(result.stdout).toMatch(/^orphaned: .*\/gone\.ts \(.*constrained\.yaml no longer produces it\)$/m);
    expect(result.stdout).toMatch(/^stale: .*\/constrained\.ts \(generated from .*constrained\.yaml, now from .*kept\.yaml\)$/m);
    expect(result.stdout).not.toContain('handwritten');
  });

  it('a file stamped by another compiler build is decided by emitting: same text passes, other text is stale', { timeout: 180_000 }, async () => {
    const other = { version: '0.1.0', fingerprint: 'ffffffffffffffff' };
    const restamp = (name: string, change: (text: string) => string = (text) => text) =>
      edit(join(out, name), (text) => {
        const stamp = readStamp(name, text)!;
        return stampFile(name, change(withoutStamp(name, text)), { compiler: other, options: {}, sources: stamp.sources });
      });
    restamp('tiny_mlp.ts');
    const same = await check();
    expect(same.status, same.stdout).toBe(0);
    expect(same.stdout).toContain('1 stamped by another build of mlpc with the same output');
    restamp('constrained.ts', (text) => text.replace(/\n$/, '\n// an older emitter wrote this line\n'));
    const differs = await check();
    expect(differs.status).toBe(1);
    expect(differs.stdout).toMatch(/^stale: .*\/constrained\.ts \(written by mlpc 0\.1\.0, compiler ffffffffffffffff; this compiler writes it differently\)$/m);
    expect(differs.stdout).not.toContain('tiny_mlp.ts');
  });
});

describe('the files --check expects', { timeout: 240_000 }, () => {
  it('are exactly the files each registered target emits, in its order', async () => {
    const irs = ['tiny_mlp.yaml', 'constrained.yaml', 'fashion_idx.yaml', 'workers_adam.yaml'].map(compileFixture);
    for (const target of targetRegistry.targets) {
      const expressible = [];
      for (const ir of irs) if ((await target.obstacles([ir])).length === 0) expressible.push(ir);
      expect(expressible.length, target.name).toBeGreaterThan(0);
      for (const layout of [{}, { singleFile: true }]) {
        const emitted = await target.emit(expressible, { out: 'generated', cwd: process.cwd(), ...layout });
        const expected = expectedFiles(new Map([[target, expressible]]), layout);
        expect(emitted.map((file) => file.fileName), `${target.name} ${JSON.stringify(layout)}`).toEqual(expected.map((file) => file.fileName));
      }
    }
    // The TypeScript list: the runtime (unless inlined), then one model file per spec.
    expect(expectedFiles(new Map([[targetRegistry.named('typescript'), irs.slice(0, 1)]])).map((file) => file.fileName)).toEqual(['mlpc-runtime.ts', 'tiny_mlp.ts']);
  });

  it('are stamped with the compiler running the tests (from src/: its fingerprint is computed from the sources)', () => {
    expect(currentCompiler().fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });
});
