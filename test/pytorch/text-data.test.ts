/**
 * The Python runtime's text_data.py against the TypeScript runtime's data/text.ts it twins, and both
 * against nanoGPT's prepare.py computation (written independently in the probe): the same vocabulary
 * and ids on tiny Shakespeare, the same training and evaluation windows index for index for several
 * seeds, the same errors with the same positions, token files memory-mapped and read alike.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { DataError } from '../../src/runtime/data/example-set.js';
import { evalWindows, loadText, loadTokens, WindowSampler, type WindowBatch } from '../../src/runtime/data/text.js';
import { malformedUtf8 } from '../runtime/malformed-utf8.js';
import { runPython, torch } from './helpers.js';

const runtimeDir = resolve('src/runtime-py');
const shakespeare = resolve('data/tinyshakespeare/input.txt');
const scratch = mkdtempSync(join(tmpdir(), 'mlpc-text-py-'));

async function probe<T>(requests: object[]): Promise<T[]> {
  const result = await runPython(['test/pytorch/text_data_probe.py', runtimeDir, JSON.stringify(requests)]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T[];
}

function digest(ids: Uint16Array | Uint32Array): string {
  return createHash('sha256').update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength)).digest('hex');
}

function rows(batch: WindowBatch, blockSize: number): { x: number[][]; y: number[][] } {
  const split = (flat: Int32Array) => Array.from({ length: flat.length / blockSize }, (_, b) => Array.from(flat.subarray(b * blockSize, (b + 1) * blockSize)));
  return { x: split(batch.x), y: split(batch.y) };
}

function messageOf(run: () => unknown): { error: string; file: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return { error: error.message, file: error.file ?? null };
    throw error;
  }
  throw new Error('no DataError thrown');
}

// Each probe starts Python and imports numpy: seconds on a loaded 2-core machine.
torch.describe('text_data.py reproduces the TypeScript runtime', () => {
  it('tiny Shakespeare: prepare.py\'s vocabulary and ids, in both runtimes', { timeout: 240_000 }, async () => {
    const [prepare, loaded] = await probe<Record<string, unknown>>([
      { kind: 'prepare', path: shakespeare },
      { kind: 'load_text', path: shakespeare, fraction: 0.9, block: 64, encode: 'ROMEO:' },
    ]);
    const text = loadText(shakespeare, 0.9, 64);
    const ours = {
      vocabulary: text.vocabulary.join(''),
      train: { length: text.train.length, sha256: digest(text.train) },
      validation: { length: text.validation.length, sha256: digest(text.validation) },
    };
    expect(prepare).toEqual(ours);
    expect(prepare.train).toEqual({ length: 1_003_854, sha256: expect.any(String) });
    expect(prepare.validation).toEqual({ length: 111_540, sha256: expect.any(String) });
    expect((prepare.vocabulary as string).length).toBe(65);
    expect(loaded).toEqual({
      ...ours,
      dtype: 'uint16',
      encoded: Array.from(text.encode('ROMEO:')),
      decoded: text.decode(text.train.subarray(0, 40)),
    });
  });

  it('the same training and evaluation windows, index for index, for several seeds', { timeout: 240_000 }, async () => {
    const seeds = [0, 1, 1337, 2 ** 31 + 5, 2 ** 32 - 1];
    const requests = seeds.flatMap((seed) => [
      { kind: 'windows', path: shakespeare, fraction: 0.9, split: 'train', block: 64, batch: 12, count: 3, seed },
      { kind: 'eval_windows', path: shakespeare, fraction: 0.9, split: 'validation', block: 64, batch: 12, count: 4, seed },
    ]);
    const answers = await probe<unknown>(requests);
    const text = loadText(shakespeare, 0.9);
    seeds.forEach((seed, i) => {
      const sampler = new WindowSampler(text.train, 64, 12, seed);
      expect(answers[2 * i]).toEqual([sampler.next(), sampler.next(), sampler.next()].map((b) => rows(b, 64)));
      expect(answers[2 * i + 1]).toEqual(evalWindows(text.validation, 64, 12, 4, seed).map((b) => rows(b, 64)));
    });
  });

  it('the same errors, naming the file and the byte where UTF-8 breaks or a split starts', { timeout: 240_000 }, async () => {
    const files = malformedUtf8.map(({ bytes }, i) => {
      const file = join(scratch, `bad-${i}.txt`);
      writeFileSync(file, new Uint8Array(bytes));
      return file;
    });
    const short = join(scratch, 'short.txt');
    writeFileSync(short, `é${'abcdefghij'.repeat(2)}klmnopqrs`);
    const cases: Array<{ path: string; fraction: number; block?: number }> = [...files.map((path) => ({ path, fraction: 0.9 })), { path: short, fraction: 0.9, block: 8 }, { path: short, fraction: 0.1, block: 8 }];
    const answers = await probe<unknown>(cases.map((c) => ({ kind: 'load_text', ...c })));
    const expected = cases.map((c) => messageOf(() => loadText(c.path, c.fraction, c.block)));
    expect(answers).toEqual(expected);
    malformedUtf8.forEach(({ offset }, i) => expect(expected[i].error).toBe(`${files[i]}: not valid UTF-8 at byte ${offset}`));
  });

  it('uint16 and uint32 token files: memory-mapped, read alike, an id >= vocabulary named by element', { timeout: 240_000 }, async () => {
    const write = (name: string, ids: Uint16Array | Uint32Array) => {
      const file = join(scratch, name);
      writeFileSync(file, new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
      return file;
    };
    const train16 = write('train.bin', Uint16Array.from({ length: 300 }, (_, i) => (i * 7919) % 50257));
    const val16 = write('val.bin', Uint16Array.from({ length: 90 }, (_, i) => 50256 - i));
    const train32 = write('train32.bin', Uint32Array.from({ length: 200 }, (_, i) => 100_000 + i));
    const over = write('over.bin', Uint32Array.from([5, 6, 7, 100_200, 9]));
    const cases = [
      { train: train16, validation: val16, dtype: 'uint16' as const, vocabulary: 50257, block: 64 },
      { train: train32, validation: train32, dtype: 'uint32' as const, vocabulary: 100_200, block: 64 },
      { train: train32, validation: over, dtype: 'uint32' as const, vocabulary: 100_200 },
      { train: val16, validation: val16, dtype: 'uint16' as const, vocabulary: 50257, block: 90 },
    ];
    const answers = await probe<Record<string, unknown>>(cases.map((c) => ({ kind: 'load_tokens', ...c })));
    cases.forEach((c, i) => {
      try {
        const tokens = loadTokens(c.train, c.validation, c.dtype, c.vocabulary, c.block);
        expect(answers[i]).toEqual({ memmap: true, train: Array.from(tokens.train), validation: Array.from(tokens.validation) });
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        expect(answers[i]).toEqual({ error: error.message, file: error.file });
      }
    });
    expect(answers[2]).toEqual({ error: `${over}: token id 100200 at element 3 is not below the vocabulary size 100200`, file: over });
    expect(answers[3]).toEqual({ error: `${val16}: 90 token ids, fewer than block_size + 1 = 91`, file: val16 });
  });
});
