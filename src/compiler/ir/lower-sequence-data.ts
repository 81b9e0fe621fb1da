/**
 * Sequence data (`text`, `tokens`): windows of block_size token ids, targets shifted by one. The
 * vocabulary must agree with the embedding and the output layer; model.input must be [block_size].
 */
import { statSync } from 'node:fs';
import { posix } from 'node:path';
import type { SequenceDataSpec } from '../spec/spec-types.js';
import type { LowerContext } from './lower-context.js';
import { showShape } from './shapes.js';
import { readTextFacts } from './text-source.js';
import type { DataIR, LayerIR, Shape } from './types.js';

/** nanoGPT's prepare.py keeps the first 90 % for training. */
export const DEFAULT_TRAIN_FRACTION = 0.9;
/** nanoGPT's eval_iters default. */
export const DEFAULT_EVAL_BATCHES = 200;

/** A data path as the runtime opens it: absolute as written, else relative to the spec file's folder. */
export function resolveSpecRelative(specFile: string, written: string): string {
  const path = written.replace(/\\/g, '/');
  if (posix.isAbsolute(path) || /^[A-Za-z]:\//.test(path)) return path;
  return posix.normalize(posix.join(posix.dirname(specFile.replace(/\\/g, '/')), path));
}

export function lowerSequenceData(spec: SequenceDataSpec, inputShape: Shape, layers: readonly LayerIR[], context: LowerContext): DataIR {
  const blockSize = spec.block_size;
  const evalBatches = spec.eval_batches ?? DEFAULT_EVAL_BATCHES;
  const ref = context.ref(['data']);
  const base = { featureShape: [blockSize], test: 0, ref, blockSize, evalBatches };
  let data: DataIR;
  if (spec.source === 'text') {
    const trainFraction = spec.train_fraction ?? DEFAULT_TRAIN_FRACTION;
    const counts = textCounts(spec.path, trainFraction, blockSize, context);
    data = { ...base, source: 'text', path: spec.path, level: 'char', trainFraction, vocabulary: counts.vocabulary, classes: counts.vocabulary, train: counts.train, validation: counts.validation };
  } else {
    const bytes = spec.dtype === 'uint16' ? 2 : 4;
    const train = tokenCount(spec.train_path, bytes, ['data', 'train_path'], context);
    const validation = tokenCount(spec.validation_path, bytes, ['data', 'validation_path'], context);
    data = {
      ...base,
      source: 'tokens',
      trainPath: spec.train_path,
      validationPath: spec.validation_path,
      dtype: spec.dtype,
      vocabulary: spec.vocabulary,
      classes: spec.vocabulary,
      train,
      validation,
    };
  }
  if (inputShape.length !== 1 || inputShape[0] !== blockSize) {
    context.error('input-mismatch', ['model', 'input'], `model.input ${showShape(inputShape)} must be [${blockSize}]: windows of data.block_size token ids`, {
      related: [{ message: 'block_size set here', location: context.source.locate(['data', 'block_size']) }],
    });
  }
  if (data.vocabulary > 0) checkVocabulary(data.vocabulary, layers, context);
  return data;
}

function textCounts(written: string, trainFraction: number, blockSize: number, context: LowerContext): { vocabulary: number; train: number; validation: number } {
  const file = resolveSpecRelative(context.source.file, written);
  const reading = readTextFacts(file);
  if (!reading.ok) {
    context.error('data-file', ['data', 'path'], `data.path: ${reading.reason}`, { hint: 'the compiler reads the text for its vocabulary; the path is relative to the spec file' });
    return { vocabulary: 0, train: 0, validation: 0 };
  }
  const { facts } = reading;
  const train = Math.floor(facts.length * trainFraction);
  const validation = facts.length - train;
  const splits = [
    { name: 'training', size: train, start: 0 },
    { name: 'validation', size: validation, start: train },
  ];
  for (const split of splits) {
    if (split.size >= blockSize + 1) continue;
    context.error(
      'data-too-short',
      ['data', 'path'],
      `data.path: the ${split.name} split of ${file} (from byte ${facts.byteOffsetOf(split.start)}) has ${split.size} characters, fewer than block_size + 1 = ${blockSize + 1} (one window and its shifted target)`,
      { hint: 'use a longer text, a smaller block_size, or another train_fraction' },
    );
  }
  return { vocabulary: facts.vocabulary, train, validation };
}

/** Tokens in a .bin file, from its size; 0 when the file is not there yet (the runtime loader reports it). */
function tokenCount(written: string, bytes: number, path: string[], context: LowerContext): number {
  const file = resolveSpecRelative(context.source.file, written);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return 0;
  }
  if (size % bytes !== 0) {
    context.error('data-file', path, `${path.join('.')}: ${file} has ${size} bytes, not a whole number of ${bytes}-byte token ids`, { hint: 'check dtype' });
  }
  return Math.floor(size / bytes);
}

/** The embedding's vocabulary and the output layer's units must be the data's vocabulary size. */
function checkVocabulary(vocabulary: number, layers: readonly LayerIR[], context: LowerContext): void {
  for (const layer of layers) {
    if (layer.type !== 'embedding' || layer.vocabulary === vocabulary) continue;
    context.error(
      'vocabulary-mismatch',
      [...layer.ref.path, 'vocabulary'],
      `${layer.name}: vocabulary ${layer.vocabulary}, but the data has ${vocabulary} distinct tokens`,
      { hint: `set vocabulary: ${vocabulary}`, related: [{ message: 'data source', location: context.source.locate(['data']) }] },
    );
  }
}
