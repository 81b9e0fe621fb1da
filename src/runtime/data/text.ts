/**
 * Sequence data (`source: text` and `source: tokens`): token ids, next-token windows and the fixed
 * evaluation windows. The Python runtime's text_data.py is the twin: the same ids, the same windows
 * for the same seed, the same errors. Index math only; the model file turns windows into tensors.
 */
import { DataError } from './example-set.js';
import { readDataFileBytes } from './read-data-file.js';
import { createSeededRandom, deriveSeed } from './seeded-random.js';
import { characterVocabulary, decodeUtf8Strict, trainSplitLength, utf8ByteOffset } from './utf8-text.js';

/** Token ids of one split: 16-bit when the vocabulary allows (nanoGPT's train.bin), else 32-bit. */
export type TokenIds = Uint16Array | Uint32Array;

export interface TextData {
  file: string;
  /** The characters, sorted by code point: id i is vocabulary[i]. */
  vocabulary: string[];
  train: TokenIds;
  validation: TokenIds;
  encode(text: string): TokenIds;
  decode(ids: ArrayLike<number>): string;
}

export interface TokenData {
  train: TokenIds;
  validation: TokenIds;
  vocabulary: number;
}

/** A batch of windows, row-major [batchSize, blockSize]: y is x shifted by one token. */
export interface WindowBatch {
  x: Int32Array;
  y: Int32Array;
}

function idsFor(size: number, vocabulary: number): TokenIds {
  return vocabulary <= 65536 ? new Uint16Array(size) : new Uint32Array(size);
}

function checkSplitHoldsWindow(file: string, split: string, length: number, position: string, blockSize: number | undefined): void {
  if (blockSize !== undefined && length < blockSize + 1) {
    throw new DataError(`${file}: the ${split} split (${position}) holds ${length}, fewer than block_size + 1 = ${blockSize + 1}`, file);
  }
}

/**
 * A text file at character level, split as nanoGPT's prepare.py splits it: the first
 * floor(n * trainFraction) characters train, the rest validate. With `blockSize`, a split shorter than
 * one window (blockSize + 1 characters) is a DataError naming the byte where that split starts.
 */
export function loadText(file: string, trainFraction: number, blockSize?: number): TextData {
  const decoded = decodeUtf8Strict(readDataFileBytes(file));
  if (!decoded.ok) throw new DataError(`${file}: not valid UTF-8 at byte ${decoded.byteOffset}`, file);
  const codePoints = decoded.codePoints;
  const symbols = characterVocabulary(codePoints);
  const idOf = new Map(symbols.map((c, i) => [c, i]));
  const all = idsFor(codePoints.length, symbols.length);
  for (let i = 0; i < codePoints.length; i++) all[i] = idOf.get(codePoints[i]) ?? 0;
  const cut = trainSplitLength(codePoints.length, trainFraction);
  checkSplitHoldsWindow(file, 'train', cut, 'characters from byte 0', blockSize);
  const cutByte = utf8ByteOffset(codePoints, cut);
  checkSplitHoldsWindow(file, 'validation', codePoints.length - cut, `characters from byte ${cutByte}`, blockSize);
  const vocabulary = symbols.map((c) => String.fromCodePoint(c));
  return {
    file,
    vocabulary,
    train: all.subarray(0, cut),
    validation: all.subarray(cut),
    encode(text: string): TokenIds {
      const chars = [...text];
      const ids = idsFor(chars.length, vocabulary.length);
      chars.forEach((char, i) => {
        const id = idOf.get(char.codePointAt(0) ?? -1);
        if (id === undefined) throw new DataError(`${file}: character ${JSON.stringify(char)} at ${i} of the text to encode is not in the vocabulary`, file);
        ids[i] = id;
      });
      return ids;
    },
    decode(ids: ArrayLike<number>): string {
      let text = '';
      for (let i = 0; i < ids.length; i++) {
        const char = vocabulary[ids[i]];
        if (char === undefined) throw new DataError(`${file}: id ${ids[i]} at ${i} is not below the vocabulary size ${vocabulary.length}`, file);
        text += char;
      }
      return text;
    },
  };
}

/** One token file (little-endian ids, numpy's tofile), every id checked against the vocabulary. */
function readTokenFile(file: string, dtype: 'uint16' | 'uint32', vocabulary: number, blockSize: number | undefined): TokenIds {
  const bytes = readDataFileBytes(file);
  const size = dtype === 'uint16' ? 2 : 4;
  if (bytes.length % size !== 0) throw new DataError(`${file}: ${bytes.length} bytes is not a whole number of ${dtype} ids (${size} bytes each)`, file);
  // a typed array needs an aligned offset; small files may sit unaligned in Node's buffer pool
  const buffer = bytes.byteOffset % size === 0 ? bytes : Buffer.from(bytes);
  const ids = dtype === 'uint16' ? new Uint16Array(buffer.buffer, buffer.byteOffset, bytes.length / 2) : new Uint32Array(buffer.buffer, buffer.byteOffset, bytes.length / 4);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] >= vocabulary) throw new DataError(`${file}: token id ${ids[i]} at element ${i} is not below the vocabulary size ${vocabulary}`, file);
  }
  if (blockSize !== undefined && ids.length < blockSize + 1) {
    throw new DataError(`${file}: ${ids.length} token ids, fewer than block_size + 1 = ${blockSize + 1}`, file);
  }
  return ids;
}

/** nanoGPT's train.bin / val.bin: flat token ids of `dtype`, read whole (Python memory-maps them). */
export function loadTokens(trainPath: string, validationPath: string, dtype: 'uint16' | 'uint32', vocabulary: number, blockSize?: number): TokenData {
  return {
    train: readTokenFile(trainPath, dtype, vocabulary, blockSize),
    validation: readTokenFile(validationPath, dtype, vocabulary, blockSize),
    vocabulary,
  };
}

/**
 * `batchSize` windows with starts drawn uniformly from [0, ids.length - blockSize - 1], as
 * torch.randint(len - block_size) in nanoGPT's get_batch: floor(u * count) of the generator's
 * u = k / 2^32, the same double product in both targets.
 */
function drawWindows(ids: ArrayLike<number>, blockSize: number, batchSize: number, random: () => number): WindowBatch {
  const count = ids.length - blockSize;
  const x = new Int32Array(batchSize * blockSize);
  const y = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = Math.floor(random() * count);
    for (let t = 0; t < blockSize; t++) {
      x[b * blockSize + t] = ids[start + t];
      y[b * blockSize + t] = ids[start + t + 1];
    }
  }
  return { x, y };
}

function checkWindowFits(ids: ArrayLike<number>, blockSize: number): void {
  if (ids.length < blockSize + 1) throw new DataError(`${ids.length} token ids cannot hold one window of block_size + 1 = ${blockSize + 1}`);
}

/** Training batches: random windows from the run seed's stream 1 (the stream the batch sampler uses). */
export class WindowSampler {
  private random: () => number;
  /** Batches drawn so far: the checkpoint's state (a resumed sampler draws as many again to get there). */
  private drawn = 0;

  constructor(
    private readonly ids: ArrayLike<number>,
    private readonly blockSize: number,
    private readonly batchSize: number,
    private readonly runSeed: number,
  ) {
    checkWindowFits(ids, blockSize);
    this.random = createSeededRandom(deriveSeed(runSeed, 1));
  }

  next(): WindowBatch {
    this.drawn++;
    return drawWindows(this.ids, this.blockSize, this.batchSize, this.random);
  }

  checkpointState(): { drawn: number } {
    return { drawn: this.drawn };
  }

  /** The generator as it was after `drawn` batches: replayed from the seed (batchSize draws per batch). */
  restoreState(state: { drawn: number }): void {
    this.random = createSeededRandom(deriveSeed(this.runSeed, 1));
    for (let batch = 0; batch < state.drawn; batch++) for (let b = 0; b < this.batchSize; b++) this.random();
    this.drawn = state.drawn;
  }
}

/** The fixed evaluation batches of val_loss: stream 3 of the spec's seed, the same at every evaluation and in both targets. */
export function evalWindows(ids: ArrayLike<number>, blockSize: number, batchSize: number, count: number, specSeed: number): WindowBatch[] {
  checkWindowFits(ids, blockSize);
  const random = createSeededRandom(deriveSeed(specSeed, 3));
  return Array.from({ length: count }, () => drawWindows(ids, blockSize, batchSize, random));
}
