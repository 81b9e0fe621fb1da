/**
 * replaceFile with a list of chunks (what a checkpoint write passes: a header, a manifest, then each
 * tensor's Float32Array as bytes, some of them views into a larger buffer): the file holds their
 * concatenation byte for byte, an existing file's mode is kept and no temporary file is left.
 */
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile } from '../../src/runtime/replace-file.js';
import { temporaryDir } from '../emit/helpers.js';

describe('replaceFile with chunks', () => {
  it('writes the chunks one after the other, keeps the mode, leaves no temporary file', () => {
    const dir = temporaryDir('replace-file');
    const path = join(dir, 'state.ckpt');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    const values = Float32Array.from({ length: 300_000 }, (_, i) => Math.sin(i) * 1e3);
    const middle = values.subarray(1000, 250_000);
    const chunks = [Buffer.from('header\n'), new Uint8Array(0), new Uint8Array(middle.buffer, middle.byteOffset, middle.byteLength), Buffer.from([1, 2, 3])];
    replaceFile(path, chunks);
    const written = readFileSync(path);
    const expected = Buffer.alloc(7 + 4 * 249_000 + 3);
    expected.write('header\n');
    for (let i = 0; i < 249_000; i++) expected.writeFloatLE(values[1000 + i], 7 + 4 * i);
    expected.set([1, 2, 3], 7 + 4 * 249_000);
    expect(written.equals(expected)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['state.ckpt']);
  });
});
