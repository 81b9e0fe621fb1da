/**
 * Text from a trained language model, as nanoGPT's sample.py / GPT.generate: each new token drawn
 * from the softmax of the last position's logits / temperature, restricted to the top_k most likely,
 * the context cropped to the last block_size tokens. Drawn on the host from the seeded stream 4 of
 * --seed, so a seed gives the same text (not PyTorch's: its generator is torch's).
 */
import * as tf from '@tensorflow/tfjs';
import { createSeededRandom, deriveSeed } from '../data/seeded-random.js';
import { FlagError } from '../run-flags.js';

export interface SampleFlags {
  sample: number;
  prompt: string;
  temperature: number;
  topK: number | null;
  seed: number;
}

/** How prompts and samples are written: characters (text data) or ids separated by spaces (token files). */
export interface TokenCodec {
  encode(text: string): ArrayLike<number>;
  decode(ids: ArrayLike<number>): string;
}

export const idCodec: TokenCodec = {
  encode(text: string): number[] {
    const ids = text.split(/\s+/).filter((id) => id !== '');
    if (ids.length === 0 || !ids.every((id) => /^\d+$/.test(id))) throw new FlagError("--prompt: token ids separated by spaces, e.g. --prompt '0 12 7'");
    return ids.map(Number);
  },
  decode: (ids: ArrayLike<number>) => Array.from(ids).join(' '),
};

/** The index drawn from logits / temperature, among the topK largest (null: all). */
export function drawToken(logits: Float32Array, temperature: number, topK: number | null, random: () => number): number {
  const scaled = Array.from(logits, (value) => value / temperature);
  if (topK !== null && topK < scaled.length) {
    const kth = [...scaled].sort((a, b) => b - a)[topK - 1];
    for (let i = 0; i < scaled.length; i++) if (scaled[i] < kth) scaled[i] = -Infinity;
  }
  const largest = Math.max(...scaled);
  const weights = scaled.map((value) => Math.exp(value - largest));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let remaining = random() * total;
  for (let i = 0; i < weights.length; i++) {
    remaining -= weights[i];
    if (remaining < 0 && weights[i] > 0) return i;
  }
  // rounding left a sliver past the last weight: the last possible token
  let last = weights.length - 1;
  while (last > 0 && weights[last] === 0) last--;
  return last;
}

/** `flags.sample` tokens after the prompt, the prompt and the sample printed to stdout. */
export function printSample(logitsOf: (ids: tf.Tensor2D) => tf.Tensor, codec: TokenCodec, flags: SampleFlags, blockSize: number): void {
  const random = createSeededRandom(deriveSeed(flags.seed, 4));
  const ids = Array.from(codec.encode(flags.prompt));
  for (let n = 0; n < flags.sample; n++) {
    const context = ids.slice(-blockSize);
    const last = tf.tidy(() => {
      const logits = logitsOf(tf.tensor2d(context, [1, context.length], 'int32'));
      return tf.reshape(tf.slice(logits, [0, context.length - 1, 0], [1, 1, -1]), [-1]);
    });
    const values = last.dataSync() as Float32Array;
    last.dispose();
    ids.push(drawToken(values, flags.temperature, flags.topK, random));
  }
  process.stdout.write(`${codec.decode(ids)}\n`);
}
