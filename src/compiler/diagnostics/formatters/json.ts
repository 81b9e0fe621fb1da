/**
 * mlpc's one JSON output (`mlpc lint --format json`), in ESLint's shape: one entry per file with its
 * messages and counts, each message flat (ruleId, severity, message, line, column, endLine, endColumn,
 * fix) so that tools written for ESLint's JSON read it.
 */
import { compareDiagnostics } from '../diagnostic.js';
import type { Diagnostic } from '../diagnostic.js';

export interface LintJsonMessage {
  ruleId: string;
  severity: Diagnostic['severity'];
  message: string;
  /** ESLint's messageId: which of the rule's message templates (absent for front-end diagnostics). */
  messageId?: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  hint?: string;
  related?: { message: string; line: number; column: number; endLine: number; endColumn: number; file: string }[];
  fix?: { description: string; safe: boolean; edits: { range: [number, number]; text: string }[] };
}

export interface LintJsonFile {
  filePath: string | null;
  messages: LintJsonMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  fixableCount: number;
}

function toMessage(diagnostic: Diagnostic): LintJsonMessage {
  const location = diagnostic.location;
  return {
    ruleId: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...(diagnostic.messageId ? { messageId: diagnostic.messageId } : {}),
    line: location?.line ?? null,
    column: location?.column ?? null,
    endLine: location?.endLine ?? null,
    endColumn: location?.endColumn ?? null,
    ...(diagnostic.hint ? { hint: diagnostic.hint } : {}),
    ...(diagnostic.related?.length
      ? {
          related: diagnostic.related.map(({ message, location: at }) => ({
            message,
            file: at.file,
            line: at.line,
            column: at.column,
            endLine: at.endLine,
            endColumn: at.endColumn,
          })),
        }
      : {}),
    ...(diagnostic.fix
      ? {
          fix: {
            description: diagnostic.fix.description,
            safe: diagnostic.fix.safe,
            edits: diagnostic.fix.edits.map((edit) => ({ range: [edit.start, edit.end] as [number, number], text: edit.text })),
          },
        }
      : {}),
  };
}

/** `files` lists every linted file, so clean ones appear with no messages, as in ESLint. */
export function toLintJson(diagnostics: readonly Diagnostic[], files: readonly string[] = []): LintJsonFile[] {
  const byFile = new Map<string | null, Diagnostic[]>(files.map((file) => [file, []]));
  for (const diagnostic of [...diagnostics].sort(compareDiagnostics)) {
    const file = diagnostic.location?.file ?? null;
    byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
  }
  return [...byFile.entries()].map(([filePath, list]) => ({
    filePath,
    messages: list.map(toMessage),
    errorCount: list.filter((d) => d.severity === 'error').length,
    warningCount: list.filter((d) => d.severity === 'warning').length,
    infoCount: list.filter((d) => d.severity === 'info').length,
    fixableCount: list.filter((d) => d.fix?.safe).length,
  }));
}

export function formatLintJson(diagnostics: readonly Diagnostic[], files: readonly string[] = []): string {
  return `${JSON.stringify(toLintJson(diagnostics, files), null, 2)}\n`;
}
