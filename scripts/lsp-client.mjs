#!/usr/bin/env node
/**
 * A real LSP client for `mlpc lsp --stdio` (vscode-jsonrpc through vscode-languageserver-protocol's
 * node connection), used by the end-to-end tests (test/lsp) and the latency bench (bench/sections/lsp.mjs).
 * It speaks to the built CLI, bin/mlpc.js, as an editor would. By hand, it prints what the server
 * publishes for some files:
 *
 *   node scripts/lsp-client.mjs specs/seed.yaml [more.yaml ...]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = path.join(ROOT, 'bin/mlpc.js');

export function fileUri(file) {
  return pathToFileURL(path.resolve(ROOT, file)).href;
}

export async function startServer({ cwd = ROOT, nodeArgs = [], env = process.env, capabilities = {}, bin = BIN } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, bin, 'lsp', '--stdio'], { cwd, env, stdio: 'pipe' });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  /** Every publishDiagnostics, in arrival order, with the time it arrived (performance.now()). */
  const published = [];
  const waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push({ ...params, receivedAt: performance.now() });
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || (params.version ?? -1) >= waiter.version)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.listen();
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(cwd).href,
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } }, ...capabilities },
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const client = {
    connection,
    initializeResult,
    published,
    get stderr() {
      return stderr;
    },
    /** The first publish for `uri` at `version` or later (already received, or the next one). */
    diagnostics(uri, version) {
      const latest = published.filter((p) => p.uri === uri).at(-1);
      if (latest && (version === undefined || (latest.version ?? -1) >= version)) return Promise.resolve(latest);
      return new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
    open(uri, text, version = 1) {
      return connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    /** A whole-text change (`range` absent) or an incremental one. */
    change(uri, version, text, range) {
      return connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [range ? { range, text } : { text }],
      });
    },
    close(uri) {
      return connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    request(type, params) {
      return connection.sendRequest(type, params);
    },
    /** shutdown, then exit; resolves with the server's exit code. */
    async shutdown() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const result = await exited;
      connection.dispose();
      return result;
    },
    kill() {
      connection.dispose();
      child.kill();
    },
    exited,
  };
  return client;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: node scripts/lsp-client.mjs FILE.yaml...\n');
    process.exit(2);
  }
  const client = await startServer({ cwd: process.cwd() });
  for (const file of files) {
    const uri = pathToFileURL(path.resolve(file)).href;
    await client.open(uri, readFileSync(file, 'utf8'));
    // A non-spec YAML file gets no publish: say so rather than wait forever.
    const published = await Promise.race([client.diagnostics(uri, 1), new Promise((resolve) => setTimeout(() => resolve(undefined), 5000))]);
    process.stdout.write(`${JSON.stringify(published ?? { uri, note: 'nothing published (not an mlpc spec?)' }, null, 2)}\n`);
  }
  const { code } = await client.shutdown();
  process.exitCode = code ?? 1;
}
