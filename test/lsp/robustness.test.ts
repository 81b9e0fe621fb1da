/**
 * The server keeps serving whatever it is sent: 150 mangled versions of the seed spec (characters
 * deleted, duplicated, replaced by YAML indicators), each answered with its own diagnostics, and hover,
 * completion, symbols and code actions at random positions of each, none of which may fail.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, CompletionRequest, DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, ROOT, startServer } from '../../scripts/lsp-client.mjs';
import type { LspClient } from '../../scripts/lsp-client.mjs';

const SEED = readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8');
const INDICATORS = ['{', '}', '[', ']', ':', '- ', '"', "'", '*', '&a ', '!!', '|', '>', '#', '\t', '\n', ',', '?', '%', '@'];

/** xorshift32: the same mangled texts on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function mangle(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i += 1) {
    const at = Math.floor(next() * result.length);
    const length = Math.floor(next() * 12);
    const kind = next();
    const insert = kind < 0.4 ? '' : kind < 0.7 ? result.slice(at, at + length) : INDICATORS[Math.floor(next() * INDICATORS.length)]!;
    result = result.slice(0, at) + insert + result.slice(at + (kind < 0.7 && kind >= 0.4 ? 0 : length));
  }
  return result;
}

let client: LspClient;

beforeAll(async () => {
  client = await startServer();
}, 30_000);

afterAll(() => client?.kill());

describe('mlpc lsp: robustness', () => {
  it('answers every request on 150 mangled specs and publishes each version', async () => {
    const next = random(12);
    const uri = fileUri('specs/lsp-robustness.yaml');
    await client.open(uri, SEED);
    const initial = await client.diagnostics(uri, 1);
    const failures: string[] = [];
    for (let version = 2; version < 152; version += 1) {
      const text = mangle(SEED, next);
      await client.change(uri, version, text);
      const published = await client.diagnostics(uri, version);
      expect(published.version).toBe(version);
      const document = TextDocument.create(uri, 'yaml', version, text);
      const position = document.positionAt(Math.floor(next() * (text.length + 1)));
      const requests: [string, Promise<unknown>][] = [
        ['hover', client.request(HoverRequest.type, { textDocument: { uri }, position })],
        ['completion', client.request(CompletionRequest.type, { textDocument: { uri }, position })],
        ['symbols', client.request(DocumentSymbolRequest.type, { textDocument: { uri } })],
        ['codeAction', client.request(CodeActionRequest.type, { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: published.diagnostics } })],
      ];
      for (const [name, request] of requests) {
        await request.catch((error: unknown) => failures.push(`${name} at ${position.line}:${position.character} of version ${version}: ${String(error)}`));
      }
    }
    expect(failures).toEqual([]);
    // Still the same server, still right.
    await client.change(uri, 152, SEED);
    expect((await client.diagnostics(uri, 152)).diagnostics).toEqual(initial.diagnostics);
    expect(client.stderr).toBe('');
  }, 60_000);
});
