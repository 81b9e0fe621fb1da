/**
 * The editor shows what the config's targets cannot express, as `mlpc build` refuses it: an error at the
 * spec line under a config whose targets include typescript (and without a config: typescript is the
 * default), nothing under `targets: [pytorch]`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/lsp/analysis.js';
import { temporaryDir } from '../emit/helpers.js';

// A graph model trained with SGD is printed by the PyTorch target only (the TypeScript graph printer trains
// with adam or adamw). No sequential feature is refused by one target alone any more: batch_norm on a
// rank-2 input, the earlier example, prints in both.
const spec = `mlpc: 2
name: tiny_lm
data: {source: text, path: tiny.txt, level: char, train_fraction: 0.9, block_size: 8}
model:
  input: [8]
  layers:
    - {type: embedding, name: wte, vocabulary: 4, width: 8}
    - {type: dense, name: lm_head, units: 4}
training:
  loss: softmax_cross_entropy
  optimizer: {type: sgd, learning_rate: 0.1}
  batch_size: 4
  steps: 3
  eval_every: 1
  seed: 1
`;

async function obstaclesUnder(config: string | null): Promise<[string, number | undefined][]> {
  const dir = temporaryDir('lsp-targets');
  const file = path.join(dir, 'tiny_lm.yaml');
  writeFileSync(file, spec);
  writeFileSync(path.join(dir, 'tiny.txt'), 'abcd'.repeat(100));
  const openConfigs = new Map(config === null ? [] : [[path.join(dir, 'mlpc.config.yaml'), config]]);
  const analysis = await analyzeDocument(pathToFileURL(file).href, 1, spec, { openConfigs });
  expect(analysis.ir, JSON.stringify(analysis.diagnostics)).toBeDefined();
  return analysis.diagnostics.filter((d) => d.code === 'target-unsupported').map((d) => [d.message, d.location?.line]);
}

describe("the language server shows the obstacles of the config's targets", () => {
  const obstacle: [string, number] = ['--target typescript: a graph model trains with adam or adamw here, not sgd', 11];

  it('targets: [typescript, pytorch]: the TypeScript obstacle at the optimizer line', async () => {
    expect(await obstaclesUnder('targets: [typescript, pytorch]\n')).toEqual([obstacle]);
  });

  it('targets: [pytorch]: none; no config (the default target, typescript): the obstacle', async () => {
    expect(await obstaclesUnder('targets: [pytorch]\n')).toEqual([]);
    expect(await obstaclesUnder(null)).toEqual([obstacle]);
  });
});
