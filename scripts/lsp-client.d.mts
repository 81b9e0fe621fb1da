import type { ProtocolConnection, InitializeResult, PublishDiagnosticsParams, Range, ClientCapabilities } from 'vscode-languageserver-protocol';

export declare const ROOT: string;
export declare const BIN: string;
export declare function fileUri(file: string): string;

export interface Published extends PublishDiagnosticsParams {
  receivedAt: number;
}

export interface LspClient {
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  published: Published[];
  readonly stderr: string;
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, version: number, text: string, range?: Range): Promise<void>;
  close(uri: string): Promise<void>;
  request<R>(type: { method: string; __?: unknown } | unknown, params: unknown): Promise<R>;
  shutdown(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export declare function startServer(options?: { cwd?: string; nodeArgs?: string[]; env?: NodeJS.ProcessEnv; capabilities?: ClientCapabilities; bin?: string }): Promise<LspClient>;
