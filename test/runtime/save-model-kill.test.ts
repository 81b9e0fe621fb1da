/**
 * A saved model survives a kill at any moment: a script saving one generation after another into the
 * same folder is killed (SIGKILL) at random moments, and each time the folder loads, as the previous
 * completed save or the one in progress, never a mix (src/runtime/save-model.ts has the scheme).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLayersWeights } from '../../src/runtime/save-model.js';
import { savedWeightsFile } from '../helpers/saved-model.js';
import { unitsOf } from './fixtures/save-loop.js';

const driver = resolve('test/runtime/fixtures/save-loop.ts');
/** Each kill starts a process that loads tfjs: a few seconds each on a quiet machine, far more on a loaded one. */
const attempts = 8;

/** Runs the save loop; kills it `killAfterMs` after its first save (or runs it out). Returns the generations it reported. */
function runSaves(folder: string, first: number, count: number, killAfterMs?: number): Promise<number[]> {
  return new Promise((done, fail) => {
    // node --import tsx, not the tsx CLI: the CLI runs the driver in a child process that a SIGKILL of the CLI leaves running.
    const child = spawn(process.execPath, ['--import', 'tsx', driver, folder, String(first), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/** The one generation every saved value belongs to, after checking the shapes belong to it too. */
function loadedGeneration(folder: string): number {
  const weights = readLayersWeights(folder);
  const kernel = weights.get('hidden/kernel')!;
  const bias = weights.get('hidden/bias')!;
  const generation = kernel.values[0];
  expect(kernel.values.every((value) => value === generation), 'kernel values from one save').toBe(true);
  expect(bias.values.every((value) => value === generation), 'bias values from the same save').toBe(true);
  expect(kernel.shape).toEqual([2048, unitsOf(generation)]);
  expect(bias.shape).toEqual([unitsOf(generation)]);
  return generation;
}

describe('saveLayersModel under SIGKILL', () => {
  it('leaves the previous model or the new one at every kill, and no leftover file after a completed save', { timeout: 900_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mlpc-save-kill-'));
    let lastCompleted = -1;
    const outcomes = { previous: 0, next: 0 };
    for (let attempt = 0; attempt < attempts; attempt++) {
      // The first save of each process completes (the kill is timed from it); the kill lands in a later one.
      const saved = await runSaves(folder, lastCompleted + 1, 1000, Math.random() * 400);
      expect(saved.length).toBeGreaterThan(0);
      lastCompleted = saved.at(-1)!;
      const loaded = loadedGeneration(folder);
      expect([lastCompleted, lastCompleted + 1]).toContain(loaded);
      outcomes[loaded === lastCompleted ? 'previous' : 'next'] += 1;
      lastCompleted = loaded;
    }
    // A completed save cleans up what killed ones left behind: the model and its one weights file.
    const final = await runSaves(folder, lastCompleted + 1, 1);
    expect(loadedGeneration(folder)).toBe(final[0]);
    expect(readdirSync(folder).sort()).toEqual([savedWeightsFile(folder), 'model.json'].sort());
    expect(outcomes.previous + outcomes.next).toBe(attempts);
  });
});
