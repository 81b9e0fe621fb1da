/**
 * Character-level text as nanoGPT's data/shakespeare_char/prepare.py reads it: the file's characters
 * (Unicode code points, not UTF-16 units), the vocabulary as their sorted set, the train split as the
 * first floor(n * fraction). Pure functions over bytes, no Node or tfjs: the compiler needs the same
 * vocabulary at build time (a copy of this file may live there; the runtime imports nothing of ours).
 */

/** The code points of strict UTF-8, or the byte offset where the first malformed sequence starts. */
export type Utf8Decoding = { ok: true; codePoints: Uint32Array } | { ok: false; byteOffset: number };

/**
 * Strict UTF-8 (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
 * The offset on failure is where the ill-formed sequence begins, the `start` Python's
 * UnicodeDecodeError reports, so both targets name the same byte. A byte order mark stays a character,
 * as in Python's 'utf-8' codec; line endings are kept as they are.
 */
export function decodeUtf8Strict(bytes: Uint8Array): Utf8Decoding {
  const codePoints = new Uint32Array(bytes.length);
  let count = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      codePoints[count++] = lead;
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80; // allowed range of the second byte
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong below U+0800
      if (lead === 0xed) high = 0x9f; // surrogates U+D800..U+DFFF
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong below U+10000
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return { ok: false, byteOffset: i };
    if (i + length > bytes.length) return { ok: false, byteOffset: i };
    const second = bytes[i + 1];
    if (second < low || second > high) return { ok: false, byteOffset: i };
    let value = (lead & (0xff >> (length + 1))) * 64 + (second & 0x3f);
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next < 0x80 || next > 0xbf) return { ok: false, byteOffset: i };
      value = value * 64 + (next & 0x3f);
    }
    codePoints[count++] = value;
    i += length;
  }
  return { ok: true, codePoints: codePoints.slice(0, count) };
}

/** The sorted set of the code points (Python's sorted(set(text)) orders strings by code point too). */
export function characterVocabulary(codePoints: Uint32Array): number[] {
  const seen = new Set<number>();
  for (const c of codePoints) seen.add(c);
  return [...seen].sort((a, b) => a - b);
}

/** Where the validation split begins: prepare.py's int(n * 0.9) (both languages multiply in IEEE doubles). */
export function trainSplitLength(characters: number, trainFraction: number): number {
  return Math.floor(characters * trainFraction);
}

/** Bytes that the UTF-8 encoding of the first `count` code points takes: a character index as a byte offset. */
export function utf8ByteOffset(codePoints: Uint32Array, count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const c = codePoints[i];
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}
