import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CodeActionRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, startServer } from '../../scripts/lsp-client.mjs';
import { mlpc, ROOT } from './cli-helpers.js';

const PRELOAD = ['--import', './test/lint/fixtures/forbid-heavy-imports.mjs'];

describe('mlpc lint stays light', () => {
  it('the preload catches ts-morph and TensorFlow.js, by import and by require (positive control)', () => {
    const imported = spawnSync('node', [...PRELOAD, '--input-type=module', '-e', "await import('ts-morph')"], { cwd: ROOT, encoding: 'utf8' });
    expect(imported.status).not.toBe(0);
    expect(imported.stderr).toContain('forbidden heavy import');
    const required = spawnSync('node', [...PRELOAD, '-e', "require('@tensorflow/tfjs')"], { cwd: ROOT, encoding: 'utf8' });
    expect(required.status).toBe(99);
    const typescript = spawnSync('node', [...PRELOAD, '-e', "require('typescript')"], { cwd: ROOT, encoding: 'utf8' });
    expect(typescript.status).toBe(99);
  });

  it('linting every shipped spec, in every format and with --fix, loads neither ts-morph nor @tensorflow/*', () => {
    for (const args of [['lint'], ['lint', '--format', 'sarif'], ['lint', '--format', 'json'], ['explain', 'init-scale']]) {
      const run = mlpc(args, { nodeArgs: PRELOAD });
      expect(run.stderr, args.join(' ')).not.toContain('forbidden heavy import');
      expect([0, 1], args.join(' ')).toContain(run.status);
    }
  });

  it('a language-server session (diagnostics, code actions, hover, completion, symbols) loads none of them and exits 0', async () => {
    const client = await startServer({ nodeArgs: PRELOAD });
    const uri = fileUri('specs/seed.yaml');
    const text = readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    expect(diagnostics.map((d) => d.code)).toContain('no-bias-regularization');
    const position = { line: 16, character: 8 };
    await client.request(HoverRequest.type, { textDocument: { uri }, position });
    await client.request(CompletionRequest.type, { textDocument: { uri }, position });
    await client.request(DocumentSymbolRequest.type, { textDocument: { uri } });
    await client.request(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics.at(-1)!.range, context: { diagnostics: diagnostics as Diagnostic[] } });
    const exit = await client.shutdown();
    expect(client.stderr).not.toContain('forbidden heavy import');
    expect(exit.code).toBe(0);
  }, 30_000);
});
