/**
 * The PyTorch target's saved model survives a kill at any moment (mlpc_runtime/model_files.py):
 * a script saving one generation after another into one folder is SIGKILLed at random moments; each
 * time model.json, its weights file and the torch file it names are one save (the previous completed
 * one or the one in progress), model.pt is that save's or the previous one's, and after a completed
 * save model.pt is model.json's torch file and nothing else is left.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { readLayersWeights } from '../../src/runtime/save-model.js';
import { savedTorchFile, savedWeightsFile } from '../helpers/saved-model.js';
import { python, runPython, torch } from './helpers.js';

const runtime = resolve('generated');
const attempts = 6;

function runSaves(folder: string, first: number, count: number, killAfterMs?: number): Promise<number[]> {
  return new Promise((done, fail) => {
    const child = spawn(python, ['test/pytorch/save_loop.py', runtime, folder, String(first), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const saved: number[] = [];
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/saved (\d+)/g)) saved.push(Number(match[1]));
      if (killAfterMs !== undefined && timer === undefined && saved.length > 0) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killAfterMs === undefined && code !== 0) fail(new Error(`save loop exited ${code}: ${stderr}`));
      else if (killAfterMs !== undefined && signal !== 'SIGKILL') fail(new Error(`save loop was not killed (${code}): ${stderr}`));
      else done(saved);
    });
  });
}

/** The generation of model.json's weights (every value and both shapes agree). */
function jsonGeneration(folder: string): number {
  const weights = readLayersWeights(folder);
  const kernel = weights.get('hidden/kernel')!;
  const generation = kernel.values[0];
  expect(kernel.values.every((value) => value === generation)).toBe(true);
  expect(weights.get('hidden/bias')!.values.every((value) => value === generation)).toBe(true);
  expect(kernel.shape).toEqual([2048, 48 + (generation % 3) * 16]);
  return generation;
}

/** The generation of a torch file (torch.load: every value of both tensors, the bias's length). */
async function torchGeneration(file: string): Promise<number> {
  const code = [
    'import sys, torch',
    's = torch.load(sys.argv[1])',
    'w, b = s["hidden.weight"], s["hidden.bias"]',
    'g = float(w.flatten()[0])',
    'assert bool((w == g).all()) and bool((b == g).all()) and b.numel() == 48 + (int(g) % 3) * 16',
    'print(int(g))',
  ].join('\n');
  const result = await runPython(['-c', code, file]);
  expect(result.status, result.stderr).toBe(0);
  return Number(result.stdout.trim());
}

torch.describe('save_model (PyTorch) under SIGKILL', () => {
  it('model.json, its weights and its torch file are one save at every kill; model.pt follows a completed save', { timeout: 900_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mlpc-py-save-kill-'));
    let lastCompleted = -1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const saved = await runSaves(folder, lastCompleted + 1, 1000, Math.random() * 300);
      expect(saved.length).toBeGreaterThan(0);
      lastCompleted = saved.at(-1)!;
      const loaded = jsonGeneration(folder);
      expect([lastCompleted, lastCompleted + 1]).toContain(loaded);
      expect(await torchGeneration(join(folder, savedTorchFile(folder)))).toBe(loaded);
      expect([loaded - 1, loaded]).toContain(await torchGeneration(join(folder, 'model.pt')));
      lastCompleted = loaded;
    }
    const final = await runSaves(folder, lastCompleted + 1, 1);
    expect(jsonGeneration(folder)).toBe(final[0]);
    expect(readFileSync(join(folder, 'model.pt')).equals(readFileSync(join(folder, savedTorchFile(folder))))).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['model.json', 'model.pt', savedTorchFile(folder), savedWeightsFile(folder)].sort());
  });
});
