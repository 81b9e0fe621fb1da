/**
 * The language server (`mlpc lsp --stdio`): the compiler's diagnostics, fixes, hovers, completion and
 * symbols for open mlpc specs and mlpc.config.yaml files. Like Ruff's ruff_server it is a layer over
 * the compiler and knows nothing of the CLI; it never loads TensorFlow.js, ts-morph or typescript
 * (test/lint/no-heavy-imports.test.ts).
 *
 * Analyses run after each change in a setImmediate, for the newest version only: a burst of changes
 * costs one analysis, and a result for a version that is no longer current is never published.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import type { Connection, InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from './analysis.js';
import type { Analysis } from './analysis.js';
import { codeActions, FIX_ALL_KIND } from './code-actions.js';
import { completions, COMPLETION_TRIGGERS } from './completion.js';
import { documentKind, documentPath, isConfigDocument } from './document-kind.js';
import { hover } from './hover.js';
import { documentSymbols } from './symbols.js';
import { SOURCE, toLspDiagnostic } from './to-lsp.js';

export const SERVER_NAME = 'mlpc';

export function startLanguageServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const scheduled = new Map<string, NodeJS.Immediate>();
  /** Documents with diagnostics on the client, to clear them when a file stops being a spec. */
  const published = new Set<string>();
  /** Documents whose stored analysis is out of date although their text is not (a config changed). */
  const outdated = new Set<string>();
  let watchConfigs = false;

  const openConfigs = (): Map<string, string> => {
    const texts = new Map<string, string>();
    for (const document of documents.all()) {
      if (isConfigDocument(document.uri)) texts.set(path.resolve(documentPath(document.uri)), document.getText());
    }
    return texts;
  };

  const analyze = async (document: TextDocument): Promise<Analysis> => {
    const previous = analyses.get(document.uri);
    outdated.delete(document.uri);
    let analysis: Analysis;
    try {
      analysis = await analyzeDocument(document.uri, document.version, document.getText(), { openConfigs: openConfigs(), previous });
    } catch (error) {
      // The compiler reports bad input as diagnostics; a throw is a bug in mlpc, and the server keeps serving.
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`mlpc: internal error analysing ${document.uri}: ${reason}`);
      const message = `mlpc crashed on this file (a bug in mlpc, not in the spec): ${error instanceof Error ? error.message : String(error)}`;
      analysis = { uri: document.uri, version: document.version, kind: 'spec', diagnostics: [{ code: 'internal-error', severity: 'error', message }], model: previous?.model, modelIsCurrent: false };
    }
    // A newer version may have been analysed meanwhile: keep the newest.
    const stored = analyses.get(document.uri);
    if (!stored || stored.version <= analysis.version) analyses.set(document.uri, analysis);
    return analysis;
  };

  /** The analysis of the document's current text: the stored one (a request and a publish share it) or a new one. */
  const analysisOf = (document: TextDocument): Promise<Analysis> => {
    const stored = analyses.get(document.uri);
    return stored && stored.version === document.version && !outdated.has(document.uri) ? Promise.resolve(stored) : analyze(document);
  };

  const current = async (uri: string): Promise<{ analysis: Analysis; document: TextDocument } | undefined> => {
    const document = documents.get(uri);
    return document ? { analysis: await analysisOf(document), document } : undefined;
  };

  const publish = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const { version } = document;
    const analysis = await analysisOf(document);
    if (documents.get(uri)?.version !== version) return; // a newer change is scheduled and will publish
    if (analysis.kind === 'other' && !published.has(uri)) return;
    const file = analysis.source?.file;
    const diagnostics = analysis.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, document, file));
    if (diagnostics.length > 0) published.add(uri);
    else if (analysis.kind === 'other') published.delete(uri);
    await connection.sendDiagnostics({ uri, version, diagnostics });
    publishConfigProblems(analysis);
  };

  /** What was last published for config files that are not open, as the CLI reports a config's problems once. */
  const configProblems = new Map<string, string>();
  const publishConfigProblems = (analysis: Analysis): void => {
    if (!analysis.configFile) return;
    const uri = pathToFileURL(analysis.configFile.path).href;
    if (documents.get(uri)) return; // open: its own analysis publishes
    let text = '';
    try {
      text = readFileSync(analysis.configFile.path, 'utf8');
    } catch {
      // unreadable: the diagnostic says so, at the start
    }
    const document = TextDocument.create(uri, 'yaml', 0, text);
    const diagnostics = analysis.configFile.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, document, diagnostic.location?.file));
    const key = JSON.stringify(diagnostics);
    if ((configProblems.get(uri) ?? '[]') === key) return;
    configProblems.set(uri, key);
    void connection.sendDiagnostics({ uri, diagnostics });
  };

  const schedule = (uri: string): void => {
    if (scheduled.has(uri)) return;
    scheduled.set(
      uri,
      setImmediate(() => {
        scheduled.delete(uri);
        publish(uri).catch((error: unknown) => connection.console.error(`mlpc: cannot publish diagnostics for ${uri}: ${String(error)}`));
      }),
    );
  };

  const rescheduleSpecs = (): void => {
    for (const document of documents.all()) {
      if (analyses.get(document.uri)?.kind !== 'spec') continue;
      outdated.add(document.uri);
      schedule(document.uri);
    }
  };

  connection.onInitialize((params): InitializeResult => {
    watchConfigs = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        documentSymbolProvider: { label: SOURCE },
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });

  connection.onInitialized(() => {
    if (watchConfigs) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/mlpc.config.{yaml,yml}' }] });
    }
  });

  documents.onDidOpen((event) => schedule(event.document.uri));
  documents.onDidChangeContent((event) => {
    schedule(event.document.uri);
    if (isConfigDocument(event.document.uri)) rescheduleSpecs();
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const timer = scheduled.get(uri);
    if (timer) clearImmediate(timer);
    scheduled.delete(uri);
    analyses.delete(uri);
    outdated.delete(uri);
    configProblems.delete(uri);
    if (isConfigDocument(uri)) rescheduleSpecs();
    if (published.delete(uri) || documentKind(uri, event.document.getText()) !== 'other') void connection.sendDiagnostics({ uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => rescheduleSpecs());

  connection.onCodeAction(async (params) => {
    const found = await current(params.textDocument.uri);
    return found ? codeActions(found.analysis, found.document, params) : [];
  });
  connection.onHover(async (params) => {
    const found = await current(params.textDocument.uri);
    return found ? hover(found.analysis, found.document, params.position) : null;
  });
  connection.onCompletion(async (params) => {
    const found = await current(params.textDocument.uri);
    return found ? completions(found.analysis, found.document, params.position) : [];
  });
  connection.onDocumentSymbol(async (params) => {
    const found = await current(params.textDocument.uri);
    return found ? documentSymbols(found.analysis, found.document) : [];
  });

  documents.listen(connection);
  connection.listen();
}
