/**
 * Sequence data of the TypeScript runtime (src/runtime/data/text.ts): tiny Shakespeare as nanoGPT's
 * prepare.py splits it, next-token windows, the fixed evaluation windows, token files, and the
 * errors a user can act on (file and byte or element position). The Python twin is compared index
 * for index in test/pytorch/text-data.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/runtime/data/example-set.js';
import { createSeededRandom, deriveSeed } from '../../src/runtime/data/seeded-random.js';
import { evalWindows, loadText, loadTokens, WindowSampler } from '../../src/runtime/data/text.js';
import { decodeUtf8Strict } from '../../src/runtime/data/utf8-text.js';
import { malformedUtf8 } from './malformed-utf8.js';

const shakespeare = 'data/tinyshakespeare/input.txt';
const scratch = mkdtempSync(join(tmpdir(), 'mlpc-text-'));

function writeScratch(name: string, bytes: Uint8Array | string): string {
  const file = join(scratch, name);
  writeFileSync(file, bytes);
  return file;
}

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('no DataError thrown');
}

describe('tiny Shakespeare at character level', () => {
  const text = loadText(shakespeare, 0.9, 64);

  it('is the committed file nanoGPT downloads, byte for byte', () => {
    const bytes = readFileSync(shakespeare);
    expect(bytes.length).toBe(1_115_394);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed');
  });

  it('has the vocabulary and split sizes prepare.py prints, and ids that decode back to the text', () => {
    // prepare.py's output: "all the unique characters: \n !$&',-.3:;?ABC...xyz", vocab size 65, 1,003,854 / 111,540 tokens
    expect(text.vocabulary.join('')).toBe("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    expect(text.train.length).toBe(1_003_854);
    expect(text.validation.length).toBe(111_540);
    const whole = readFileSync(shakespeare, 'utf8');
    expect(text.decode(text.train) + text.decode(text.validation)).toBe(whole);
    expect(Array.from(text.encode('First Citizen'))).toEqual(Array.from(text.train.subarray(0, 13)));
  });

  it('draws training windows with x shifted by one into y, from the run seed\'s stream 1', () => {
    const sampler = new WindowSampler(text.train, 64, 12, 1337);
    const first = sampler.next();
    const second = sampler.next();
    expect(first.x.length).toBe(12 * 64);
    const random = createSeededRandom(deriveSeed(1337, 1));
    for (let b = 0; b < 12; b++) {
      const start = Math.floor(random() * (text.train.length - 64));
      expect(Array.from(first.x.subarray(b * 64, b * 64 + 64))).toEqual(Array.from(text.train.subarray(start, start + 64)));
      expect(Array.from(first.y.subarray(b * 64, b * 64 + 64))).toEqual(Array.from(text.train.subarray(start + 1, start + 65)));
    }
    expect(Array.from(second.x)).not.toEqual(Array.from(first.x));
    // the same seed gives the same stream; another seed another one
    expect(Array.from(new WindowSampler(text.train, 64, 12, 1337).next().x)).toEqual(Array.from(first.x));
    expect(Array.from(new WindowSampler(text.train, 64, 12, 1338).next().x)).not.toEqual(Array.from(first.x));
  });

  it('gives the same evaluation windows at every call, from the spec seed\'s stream 3', () => {
    const once = evalWindows(text.validation, 64, 12, 20, 1337);
    const again = evalWindows(text.validation, 64, 12, 20, 1337);
    expect(once).toHaveLength(20);
    expect(once.map((b) => Array.from(b.x))).toEqual(again.map((b) => Array.from(b.x)));
    expect(once.map((b) => Array.from(b.y))).toEqual(again.map((b) => Array.from(b.y)));
    const random = createSeededRandom(deriveSeed(1337, 3));
    const start = Math.floor(random() * (text.validation.length - 64));
    expect(Array.from(once[0].x.subarray(0, 64))).toEqual(Array.from(text.validation.subarray(start, start + 64)));
  });

  it('can reach the last window and never passes it', () => {
    // 6 ids, block 4: starts 0 and 1 only; y of start 1 ends on the last id
    const ids = new Uint16Array([0, 1, 2, 3, 4, 5]);
    const seen = new Set<number>();
    const sampler = new WindowSampler(ids, 4, 50, 7);
    for (let round = 0; round < 4; round++) {
      const { x, y } = sampler.next();
      for (let b = 0; b < 50; b++) {
        seen.add(x[b * 4]);
        expect(y[b * 4 + 3]).toBe(x[b * 4] + 4);
      }
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });
});

describe('bad text is a DataError with the file and the position', () => {
  for (const { name, bytes, offset } of malformedUtf8) {
    it(`not UTF-8: ${name} (byte ${offset})`, () => {
      const file = writeScratch(`bad-${offset}-${bytes.length}.txt`, new Uint8Array(bytes));
      const error = dataError(() => loadText(file, 0.9));
      expect(error.file).toBe(file);
      expect(error.message).toBe(`${file}: not valid UTF-8 at byte ${offset}`);
    });
  }

  it('decodes every code point range, BOM kept, as TextDecoder does for valid input', () => {
    const sample = '\ufeffa\u00e9\u0800\uffff\u{10000}\u{10ffff}\r\n';
    const bytes = new TextEncoder().encode(sample);
    const decoded = decodeUtf8Strict(bytes);
    expect(decoded.ok && String.fromCodePoint(...decoded.codePoints)).toBe(sample);
  });

  it('a split shorter than one window names the split, its length and the byte where it starts', () => {
    // 30 characters, é taking two bytes: train 27 characters, validation 3 from character 27 = byte 28
    const file = writeScratch('short.txt', `é${'abcdefghij'.repeat(2)}klmnopqrs`);
    expect(dataError(() => loadText(file, 0.9, 8)).message).toBe(
      `${file}: the validation split (characters from byte 28) holds 3, fewer than block_size + 1 = 9`,
    );
    expect(dataError(() => loadText(file, 0.1, 8)).message).toBe(
      `${file}: the train split (characters from byte 0) holds 3, fewer than block_size + 1 = 9`,
    );
    expect(loadText(file, 0.5, 8).validation.length).toBe(15);
  });

  it('a missing file is a DataError naming it', () => {
    expect(dataError(() => loadText(join(scratch, 'absent.txt'), 0.9)).message).toContain('absent.txt: cannot read data file: no such file');
  });

  it('encode and decode refuse what the vocabulary cannot hold', () => {
    const text = loadText(writeScratch('abc.txt', 'abcabcabc'), 0.5);
    expect(dataError(() => text.encode('abz')).message).toContain('character "z" at 2 of the text to encode is not in the vocabulary');
    expect(dataError(() => text.decode([0, 3])).message).toContain('id 3 at 1 is not below the vocabulary size 3');
  });
});

describe('token files (nanoGPT train.bin / val.bin)', () => {
  it('round-trip uint16 and uint32 little-endian ids, whatever the buffer alignment', () => {
    const ids16 = Uint16Array.from({ length: 101 }, (_, i) => (i * 641) % 50257);
    const ids32 = Uint32Array.from({ length: 77 }, (_, i) => 70_000 + i * 3);
    const train16 = writeScratch('train16.bin', new Uint8Array(ids16.buffer));
    const val16 = writeScratch('val16.bin', new Uint8Array(ids16.buffer, 2, 200));
    const train32 = writeScratch('train32.bin', new Uint8Array(ids32.buffer));
    const tokens16 = loadTokens(train16, val16, 'uint16', 50257, 16);
    expect(Array.from(tokens16.train)).toEqual(Array.from(ids16));
    expect(Array.from(tokens16.validation)).toEqual(Array.from(ids16.subarray(1)));
    expect(Array.from(loadTokens(train32, train32, 'uint32', 70_000 + 77 * 3, 8).train)).toEqual(Array.from(ids32));
  });

  it('an id at or above the vocabulary names the file and the element index', () => {
    const ids = new Uint16Array([1, 2, 3, 64, 65, 66]);
    const file = writeScratch('over.bin', new Uint8Array(ids.buffer));
    const error = dataError(() => loadTokens(file, file, 'uint16', 65));
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file}: token id 65 at element 4 is not below the vocabulary size 65`);
  });

  it('a file that is no whole number of ids, or shorter than one window, is a DataError', () => {
    const odd = writeScratch('odd.bin', new Uint8Array([1, 0, 2]));
    expect(dataError(() => loadTokens(odd, odd, 'uint16', 65)).message).toBe(`${odd}: 3 bytes is not a whole number of uint16 ids (2 bytes each)`);
    const short = writeScratch('short.bin', new Uint8Array(new Uint32Array([1, 2, 3]).buffer));
    expect(dataError(() => loadTokens(short, short, 'uint32', 65, 4)).message).toBe(`${short}: 3 token ids, fewer than block_size + 1 = 5`);
    expect(() => new WindowSampler(new Uint16Array(4), 4, 1, 1)).toThrow(DataError);
  });
});
