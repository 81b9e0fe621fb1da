/**
 * The editor shows what the config's targets cannot express, as `mlpc build` refuses it: an error at the
 * spec line under `targets: [pytorch]`, nothing under `targets: [typescript]` or without a config.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/lsp/analysis.js';
import { temporaryDir } from '../emit/helpers.js';

// Dropout-aware L2 is printed by the TypeScript target only (docs: the PyTorch target refuses it).
const spec = readFileSync('test/emit/fixtures/numeric_dropout_aware.yaml', 'utf8');

async function obstaclesUnder(config: string | null): Promise<[string, number | undefined][]> {
  const dir = temporaryDir('lsp-targets');
  const file = path.join(dir, 'numeric_dropout_aware.yaml');
  writeFileSync(file, spec);
  const openConfigs = new Map(config === null ? [] : [[path.join(dir, 'mlpc.config.yaml'), config]]);
  const analysis = await analyzeDocument(pathToFileURL(file).href, 1, spec, { openConfigs });
  expect(analysis.ir, JSON.stringify(analysis.diagnostics)).toBeDefined();
  return analysis.diagnostics.filter((d) => d.code === 'target-unsupported').map((d) => [d.message, d.location?.line]);
}

describe("the language server shows the obstacles of the config's targets", () => {
  it('targets: [typescript, pytorch]: the PyTorch obstacles at the regularization lines', async () => {
    const found = await obstaclesUnder('targets: [typescript, pytorch]\n');
    expect(found.length).toBeGreaterThan(0);
    for (const [message, line] of found) {
      expect(message).toMatch(/^--target pytorch: /);
      expect([13, 14]).toContain(line);
    }
  });

  it('targets: [typescript] or no config: none', async () => {
    expect(await obstaclesUnder('targets: [typescript]\n')).toEqual([]);
    expect(await obstaclesUnder(null)).toEqual([]);
  });
});
