/**
 * The editor shows what the config's targets cannot express, as `mlpc build` refuses it: an error at the
 * spec line under `targets: [pytorch]`, nothing under `targets: [typescript]` or without a config.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/lsp/analysis.js';
import { temporaryDir } from '../emit/helpers.js';

// Batch norm on a rank-2 input is printed by the TypeScript target only (the PyTorch target refuses it).
const spec = `mlpc: 1
name: rank_two_bn
data: {source: synthetic, examples: 100, features: 16, classes: 2, train: 32, validation: 16, test: 16}
model:
  input: [4, 4]
  layers:
    - {type: batch_norm, name: bn}
    - {type: flatten}
    - {type: dense, name: out, units: 2}
training:
  loss: softmax_cross_entropy
  optimizer: {type: sgd, learning_rate: 0.1}
  batch_size: 8
  steps: 3
  eval_every: 1
  seed: 1
`;

async function obstaclesUnder(config: string | null): Promise<[string, number | undefined][]> {
  const dir = temporaryDir('lsp-targets');
  const file = path.join(dir, 'rank_two_bn.yaml');
  writeFileSync(file, spec);
  const openConfigs = new Map(config === null ? [] : [[path.join(dir, 'mlpc.config.yaml'), config]]);
  const analysis = await analyzeDocument(pathToFileURL(file).href, 1, spec, { openConfigs });
  expect(analysis.ir, JSON.stringify(analysis.diagnostics)).toBeDefined();
  return analysis.diagnostics.filter((d) => d.code === 'target-unsupported').map((d) => [d.message, d.location?.line]);
}

describe("the language server shows the obstacles of the config's targets", () => {
  it('targets: [typescript, pytorch]: the PyTorch obstacle at the batch_norm line', async () => {
    const found = await obstaclesUnder('targets: [typescript, pytorch]\n');
    expect(found).toEqual([["--target pytorch: batch_norm layer 'bn' on a rank-2 input is not supported", 7]]);
  });

  it('targets: [typescript] or no config: none', async () => {
    expect(await obstaclesUnder('targets: [typescript]\n')).toEqual([]);
    expect(await obstaclesUnder(null)).toEqual([]);
  });
});
