/** The compiler fingerprint in every stamp (src/compiler/build/compiler-fingerprint.ts): what changes it, what does not. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCompilerFingerprint, currentCompiler, FINGERPRINT_FILE, packageRoot } from '../../src/compiler/build/compiler-fingerprint.js';
import { temporaryDir } from '../emit/helpers.js';

function fakeCheckout(): string {
  const root = temporaryDir('fingerprint');
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'mlpc', version: '0.1.0' }));
  write('src/compiler/emit/print.ts', 'export const a = 1;\n');
  write('src/compiler/ir/lower.ts', 'export const b = 2;\n');
  write('src/runtime/sgd.ts', 'export const c = 3;\n');
  write('src/compiler/lint/rules/rule.ts', 'export const d = 4;\n');
  write('src/cli/main.ts', 'export const e = 5;\n');
  write('node_modules/ts-morph/package.json', JSON.stringify({ version: '28.0.0' }));
  return root;
}

describe('compiler fingerprint', () => {
  it('changes with any emit-relevant source (emitter, IR, runtime) and with the formatter\'s version', () => {
    const root = fakeCheckout();
    const before = computeCompilerFingerprint(root);
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(computeCompilerFingerprint(root)).toBe(before);
    for (const [file, text] of [
      ['src/compiler/emit/print.ts', 'export const a = 1; // a comment counts: the runtime is emitted with its comments\n'],
      ['src/compiler/ir/lower.ts', 'export const b = 3;\n'],
      ['src/runtime/sgd.ts', 'export const c = 4;\n'],
      ['src/compiler/emit/new-printer.ts', 'export {};\n'],
      ['node_modules/ts-morph/package.json', JSON.stringify({ version: '28.0.1' })],
    ]) {
      const previous = computeCompilerFingerprint(root);
      writeFileSync(join(root, file), text);
      expect(computeCompilerFingerprint(root), file).not.toBe(previous);
    }
  });

  it('does not change with lint rules or the CLI, which never decide what a build writes', () => {
    const root = fakeCheckout();
    const before = computeCompilerFingerprint(root);
    writeFileSync(join(root, 'src/compiler/lint/rules/rule.ts'), 'export const d = 5;\n');
    writeFileSync(join(root, 'src/cli/main.ts'), 'export const e = 6;\n');
    expect(computeCompilerFingerprint(root)).toBe(before);
  });

  it('the package root is found from src/ (and the running compiler, from src/, is fingerprinted from its sources)', () => {
    expect(packageRoot()).toBe(resolve('.'));
    expect(currentCompiler()).toEqual({ version: JSON.parse(readFileSync('package.json', 'utf8')).version, fingerprint: computeCompilerFingerprint(resolve('.')) });
  });

  it('npm run build:ts records the fingerprint of the sources it compiled', () => {
    const recorded = JSON.parse(readFileSync(FINGERPRINT_FILE, 'utf8')) as { fingerprint: string };
    expect(recorded.fingerprint, 'dist/ is older than src/: run npm run build:ts (npm test does)').toBe(computeCompilerFingerprint(resolve('.')));
  });
});
