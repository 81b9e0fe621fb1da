/**
 * Code actions, as ESLint's and Ruff's servers offer them: each finding's fix as a quickfix (safe ones
 * preferred), "Disable RULE for this line" through a `# mlpc-disable-next-line` comment, and
 * `source.fixAll.mlpc`, which applies the same passes as `mlpc lint --fix`.
 */
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams, Diagnostic as LspDiagnostic, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from '../compiler/diagnostics/diagnostic.js';
import { fixSpecText } from '../compiler/lint/fix-file.js';
import { rules } from '../compiler/lint/rules/index.js';
import type { Analysis } from './analysis.js';
import { documentPath } from './document-kind.js';
import { rangeOf, SOURCE } from './to-lsp.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

const ruleIds = new Set(rules.map((rule) => rule.id));

function sameRange(a: LspDiagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function toLspEdits(document: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({ range: rangeOf(document, edit.start, edit.end), newText: edit.text }));
}

/** The analysis's own diagnostic behind one the client sends back, if the document has not changed since. */
function findingFor(analysis: Analysis, document: TextDocument, sent: LspDiagnostic): Diagnostic | undefined {
  if (sent.source !== SOURCE) return undefined;
  return analysis.diagnostics.find(
    (diagnostic) => diagnostic.code === sent.code && diagnostic.location && sameRange(rangeOf(document, diagnostic.location.start, diagnostic.location.end), sent.range),
  );
}

const NEXT_LINE_DIRECTIVE = /^(\s*#\s*mlpc-disable-next-line)([^\n]*)$/;

/** Inserts the directive above the finding's line, or adds the rule to a directive already there. */
function disableEdit(document: TextDocument, line: number, ruleId: string): LspTextEdit | undefined {
  const lineText = (index: number) => document.getText({ start: { line: index, character: 0 }, end: { line: index + 1, character: 0 } }).replace(/\r?\n$/, '');
  const previous = line > 0 ? NEXT_LINE_DIRECTIVE.exec(lineText(line - 1)) : null;
  if (previous) {
    const ids = (previous[2] ?? '').split(/\s--(?:\s|$)/, 1)[0] ?? '';
    const listed = ids.split(/[\s,]+/).filter((id) => id.length > 0);
    // A directive without rule ids already silences every rule on the line.
    if (listed.length === 0 || listed.includes(ruleId)) return undefined;
    const at = (previous[1] ?? '').length + ids.replace(/\s+$/, '').length;
    return { range: { start: { line: line - 1, character: at }, end: { line: line - 1, character: at } }, newText: `, ${ruleId}` };
  }
  const indentation = /^[ \t]*/.exec(lineText(line))?.[0] ?? '';
  const newline = document.getText().includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indentation}# mlpc-disable-next-line ${ruleId} -- ${newline}` };
}

/** One edit that turns `before` into `after`: the changed middle, so the editor keeps the cursor and folds. */
function minimalEdit(document: TextDocument, before: string, after: string): LspTextEdit {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix += 1;
  return { range: rangeOf(document, prefix, before.length - suffix), newText: after.slice(prefix, after.length - suffix) };
}

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function codeActions(analysis: Analysis, document: TextDocument, params: CodeActionParams): CodeAction[] {
  if (analysis.kind !== 'spec') return [];
  const actions: CodeAction[] = [];
  const uri = document.uri;
  if (wants(params, CodeActionKind.QuickFix)) {
    const disables: CodeAction[] = [];
    for (const sent of params.context.diagnostics) {
      const finding = findingFor(analysis, document, sent);
      if (!finding) continue;
      if (finding.fix) {
        actions.push({
          title: `${finding.fix.description}${finding.fix.safe ? '' : ' (unsafe)'} (${finding.code})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [sent],
          isPreferred: finding.fix.safe,
          edit: { changes: { [uri]: toLspEdits(document, finding.fix.edits) } },
        });
      }
      if (ruleIds.has(finding.code)) {
        const edit = disableEdit(document, sent.range.start.line, finding.code);
        if (edit) {
          disables.push({ title: `Disable ${finding.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [sent], edit: { changes: { [uri]: [edit] } } });
        }
      }
    }
    actions.push(...disables);
  }
  const fixable = analysis.diagnostics.some((diagnostic) => diagnostic.fix?.safe);
  if (fixable && wants(params, FIX_ALL_KIND) && analysis.config) {
    const text = document.getText();
    const outcome = fixSpecText(documentPath(uri), text, analysis.config);
    if (outcome.text !== text) {
      actions.push({ title: 'Fix all auto-fixable mlpc problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: [minimalEdit(document, text, outcome.text)] } } });
    }
  }
  return actions;
}
