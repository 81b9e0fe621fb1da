/** Shared by the TypeScript and the cross-language tests of text data. */

/** Malformed UTF-8 and where its first ill-formed sequence starts (Python's UnicodeDecodeError.start). */
export const malformedUtf8: Array<{ name: string; bytes: number[]; offset: number }> = [
  { name: 'a byte that never starts a character', bytes: [0x61, 0x62, 0xff], offset: 2 },
  { name: 'a sequence cut off by the end of the file', bytes: [0x61, 0x62, 0x63, 0xe2, 0x82], offset: 3 },
  { name: 'an overlong slash', bytes: [0x61, 0xc0, 0xaf], offset: 1 },
  { name: 'a surrogate', bytes: [0x78, 0x79, 0xed, 0xa0, 0x80], offset: 2 },
  { name: 'above U+10FFFF after a two-byte character', bytes: [0xc3, 0xa9, 0xf4, 0x90, 0x80, 0x80], offset: 2 },
  { name: 'a bad second byte', bytes: [0xe2, 0x28, 0xa1], offset: 0 },
  { name: 'a stray continuation after a four-byte character', bytes: [0xf0, 0x9f, 0x98, 0x80, 0x80], offset: 4 },
];
