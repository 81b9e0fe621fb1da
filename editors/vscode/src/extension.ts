/**
 * The VS Code client of `mlpc lsp --stdio`. All the work is the server's: it answers for YAML files that
 * are mlpc specs (a top-level `mlpc:` key) and for mlpc.config.yaml, and stays silent for other YAML, so
 * this extension registers for every YAML document. yaml-language-server (Red Hat's YAML extension) keeps
 * serving schema completion beside it through the spec's `# yaml-language-server: $schema=` comment.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { workspace } from 'vscode';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The setting, else the workspace's own mlpc (the version its specs are built with), else the PATH's. */
function mlpcCommand(): string {
  const configured = workspace.getConfiguration('mlpc').get<string>('path');
  if (configured) return configured;
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'mlpc.cmd' : 'mlpc');
    if (existsSync(local)) return local;
  }
  return 'mlpc';
}

export async function activate(context: ExtensionContext): Promise<void> {
  const command = mlpcCommand();
  const serverOptions: ServerOptions = { command, args: ['lsp'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/mlpc.config.{yaml,yml}') },
  };
  client = new LanguageClient('mlpc', 'mlpc', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
