/**
 * Every generated script (committed and fixture) type-checks under tsc --strict. tsc runs in a child
 * process: an in-process ts.createProgram blocks the vitest worker ~30 s, long enough for vitest's
 * worker RPC to time out ("Timeout calling onTaskUpdate") on a loaded machine.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitScripts } from '../../src/compiler/emit/emit-script.js';
import { compileFixture, fixturesDir } from './helpers.js';

// Inside the project, so '@tensorflow/tfjs' resolves as it does for generated/.
const fixtureOut = resolve('node_modules/.cache/mlpc-test/typecheck');

function runTsc(project: string): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--noEmit', '-p', project], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolvePromise({ exitCode, output }));
  });
}

describe('generated scripts type-check under --strict', () => {
  it('all of generated/ and every fixture spec', async () => {
    mkdirSync(fixtureOut, { recursive: true });
    const fixtures = readdirSync(fixturesDir).filter((name) => name.endsWith('.yaml')).sort();
    const emitted = emitScripts(fixtures.map((name) => compileFixture(name)));
    const fixtureFiles = emitted.map((script) => {
      const path = join(fixtureOut, script.fileName);
      writeFileSync(path, script.text);
      return path;
    });
    const committed = readdirSync('generated')
      .filter((name) => name.endsWith('.ts'))
      .map((name) => resolve('generated', name));
    // The strict options of test/emit/tsconfig.generated.json, over exactly these files.
    const project = join(fixtureOut, 'tsconfig.json');
    writeFileSync(
      project,
      `${JSON.stringify({ extends: resolve('test/emit/tsconfig.generated.json'), include: [], files: [...committed, ...fixtureFiles] }, null, 2)}\n`,
    );
    const { exitCode, output } = await runTsc(project);
    expect(output).toBe('');
    expect(exitCode).toBe(0);
  }, 180_000);
});
