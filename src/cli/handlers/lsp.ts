/**
 * `mlpc lsp --stdio`, loaded lazily by src/cli/commands/lsp.ts: the language server of src/lsp on
 * stdin/stdout. Its process ends through the protocol: `exit` after `shutdown` is exit code 0, `exit`
 * without it (or stdin closing first) is 1, as vscode-languageserver implements the specification.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../lsp/server.js';

export function runLsp(options: { version: string }): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startLanguageServer(connection, options.version);
  // Never resolves: the connection's exit handler ends the process with the protocol's exit code.
  return new Promise<number>(() => {});
}
