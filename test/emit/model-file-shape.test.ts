/**
 * What a model file shows and what it leaves to the runtime: the step visible, bookkeeping (topology,
 * saved weights, metrics records, timing) absent, run lines a shell can paste, and the sizes a
 * reviewer reads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emitBuild } from '../../src/compiler/emit/emit-script.js';
import { shellWord } from '../../src/compiler/emit/shell-word.js';
import { compileText } from './helpers.js';

const mlpFiles = ['seed', 'adamw', 'table9', 'question', 'seed_corrected', 'dropout_maxnorm'];

/** Lines of the runModelScript(...) call, the model file's main. */
function entryLines(text: string): number {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('runModelScript('));
  const end = lines.indexOf(');', start);
  return end - start + 1;
}

describe('model files', () => {
  it.each(mlpFiles)('generated/%s.ts: at most 150 lines, its runModelScript call at most 40', (name) => {
    const text = readFileSync(`generated/${name}.ts`, 'utf8');
    expect(text.split('\n').length - 1).toBeLessThanOrEqual(150);
    expect(entryLines(text)).toBeLessThanOrEqual(40);
  });

  it('generated/conv_bn.ts: at most 220 lines', () => {
    expect(readFileSync('generated/conv_bn.ts', 'utf8').split('\n').length - 1).toBeLessThanOrEqual(220);
  });

  it.each([...mlpFiles, 'conv_bn'])('generated/%s.ts keeps the step and leaves the bookkeeping to the runtime', (name) => {
    const text = readFileSync(`generated/${name}.ts`, 'utf8');
    for (const shown of ['function trainingStep(', 'function penalty(', 'function applyUpdates(', 'function predict(']) expect(text).toContain(shown);
    for (const hidden of ['class_name', 'keras_version', 'metrics.jsonl', 'performance.now', 'step_ms', 'transpose(', 'torch', 'python']) {
      expect(text, hidden).not.toContain(hidden);
    }
  });

  it('shell-quotes the run lines of a folder and a spec path with a space', () => {
    const ir = compileText('my specs/seed.yaml', readFileSync('specs/seed.yaml', 'utf8'));
    const [script] = emitBuild([ir], 'out dir').scripts;
    expect(script.text).toContain("// Run: npx tsx 'out dir/seed.ts' [--steps N]");
    expect(script.text).toContain("//  or: npx mlpc train 'my specs/seed.yaml'\n");
  });

  it('shellWord leaves plain words alone and quotes the rest, a quote included', () => {
    expect(shellWord('generated/seed.ts')).toBe('generated/seed.ts');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('$HOME')).toBe("'$HOME'");
  });
});
