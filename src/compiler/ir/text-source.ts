/**
 * The `text` data source at compile time: the compiler needs the vocabulary size (the sorted set of the
 * file's code points, as nanoGPT's data/shakespeare_char/prepare.py builds it) to check the embedding
 * and the output layer, so it reads the file once (1 MB for tiny Shakespeare: a few milliseconds) and
 * remembers the answer while the file is unchanged (the language server recompiles on every edit).
 */
import { readFileSync, statSync } from 'node:fs';

export interface TextFacts {
  /** Distinct code points. */
  vocabulary: number;
  /** Code points in the file. */
  length: number;
  /** Byte offset of code point `index` (for positions in diagnostics). */
  byteOffsetOf(index: number): number;
}

export type TextReading = { ok: true; facts: TextFacts } | { ok: false; reason: string };

const cache = new Map<string, { stamp: string; reading: TextReading }>();

export function readTextFacts(file: string): TextReading {
  let stamp: string;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return { ok: false, reason: `${file} is not a file` };
    stamp = `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return { ok: false, reason: `cannot read ${file}: no such file` };
  }
  const cached = cache.get(file);
  if (cached?.stamp === stamp) return cached.reading;
  const reading = factsOf(file, readFileSync(file));
  cache.set(file, { stamp, reading });
  return reading;
}

function factsOf(file: string, bytes: Uint8Array): TextReading {
  // The native decoder validates in one pass (fatal); the hand-written scan only finds the position of a failure.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const invalid = firstInvalidUtf8(bytes);
    return { ok: false, reason: `${file} is not UTF-8 text: invalid byte 0x${(bytes[invalid] ?? 0).toString(16).padStart(2, '0')} at byte ${invalid}` };
  }
  // A flat table for the Basic Multilingual Plane, a Set beyond it: `mlpc lint` reads the whole file (1 MB of
  // tiny Shakespeare) at every start, and a string iterator costs ~100 ms CPU there against a few ms.
  const seenBmp = new Uint8Array(0x10000);
  const seenAstral = new Set<number>();
  let vocabulary = 0;
  let length = 0;
  for (let i = 0; i < text.length; i++, length++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const codePoint = text.codePointAt(i) ?? unit;
      i++;
      if (!seenAstral.has(codePoint)) {
        seenAstral.add(codePoint);
        vocabulary++;
      }
    } else if (seenBmp[unit] === 0) {
      seenBmp[unit] = 1;
      vocabulary++;
    }
  }
  const byteOffsetOf = (index: number): number => {
    let offset = 0;
    let position = 0;
    for (const character of text) {
      if (position === index) break;
      offset += utf8Length(character.codePointAt(0) ?? 0);
      position++;
    }
    return offset;
  };
  return { ok: true, facts: { vocabulary, length, byteOffsetOf } };
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Byte offset of the first byte that breaks UTF-8 (overlong forms, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let size: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) [size, min] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [size, min] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [size, min] = [4, 0x10000];
    else return i;
    let codePoint = lead & (0xff >> (size + 1));
    for (let k = 1; k < size; k++) {
      const next = bytes[i + k];
      // Python reports the sequence's first byte ("can't decode byte 0xe9 in position 5"): so do we.
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += size;
  }
  return -1;
}
