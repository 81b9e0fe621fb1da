/**
 * mlpc's Diagnostic rendered for LSP, as the stylish/json/sarif formatters render it for a terminal or
 * a code-scanning upload: same message, rule id as `code`, the rule's page as `codeDescription` (when
 * that page has an address that resolves: src/compiler/lint/rule-links.ts),
 * related locations, and the hint on a second line.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity, SourceLocation } from '../compiler/diagnostics/diagnostic.js';
import { ruleLinks } from '../compiler/lint/rule-links.js';
import { rules } from '../compiler/lint/rules/index.js';

export const SOURCE = 'mlpc';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

function uriOf(location: SourceLocation, document: TextDocument, documentFile: string | undefined): string {
  if (location.file === documentFile) return document.uri;
  return pathToFileURL(path.resolve(location.file)).href;
}

export function toLspDiagnostic(diagnostic: Diagnostic, document: TextDocument, documentFile: string | undefined): LspDiagnostic {
  const location = diagnostic.location;
  const range = location ? rangeOf(document, location.start, location.end) : rangeOf(document, 0, 0);
  const rule = rules.find((candidate) => candidate.id === diagnostic.code);
  const href = rule ? ruleLinks().editorUrl(rule.id) : undefined;
  const related: DiagnosticRelatedInformation[] = (diagnostic.related ?? []).map((entry) => ({
    location: {
      uri: uriOf(entry.location, document, documentFile),
      range:
        entry.location.file === documentFile
          ? rangeOf(document, entry.location.start, entry.location.end)
          : { start: { line: entry.location.line - 1, character: entry.location.column - 1 }, end: { line: entry.location.endLine - 1, character: entry.location.endColumn - 1 } },
    },
    message: entry.message,
  }));
  return {
    range,
    severity: SEVERITY[diagnostic.severity],
    source: SOURCE,
    code: diagnostic.code,
    ...(href ? { codeDescription: { href } } : {}),
    message: diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    ...(diagnostic.code === 'unused-disable-directive' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}
