/**
 * Inline directives, as ESLint's: `# mlpc-disable-next-line RULE[, RULE] -- reason` silences those
 * rules' findings on the next line, `# mlpc-disable-line RULE` on its own line; without rule ids they
 * silence every rule. A directive that silenced nothing, or names an unknown rule, is itself reported.
 */
import { Parser } from 'yaml';
import { createRequire } from 'node:module';
import type { Diagnostic, Severity, TextEdit } from '../diagnostics/diagnostic.js';
import type { SpecSource } from '../spec/yaml-source.js';

export interface DisableDirective {
  kind: 'next-line' | 'line';
  /** Empty: every rule. */
  ruleIds: string[];
  reason?: string;
  /** The line whose findings it silences. */
  targetLine: number;
  start: number;
  end: number;
}

const DIRECTIVE = /^#\s*mlpc-disable-(next-line|line)(?=\s|$)\s*(.*)$/;

function collectComments(value: unknown, out: { offset: number; source: string }[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectComments(item, out);
  } else if (value && typeof value === 'object') {
    const token = value as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ offset: token.offset, source: token.source });
      return;
    }
    for (const child of Object.values(value)) collectComments(child, out);
  }
}

export function parseDirectives(source: SpecSource): DisableDirective[] {
  if (!source.text.includes('mlpc-disable')) return [];
  const comments: { offset: number; source: string }[] = [];
  for (const token of new Parser().parse(source.text)) collectComments(token, comments);
  const directives: DisableDirective[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.source.trimEnd());
    if (!match) continue;
    const [body = '', reason] = (match[2] ?? '').split(/\s+--\s*|^--\s*/, 2);
    const ruleIds = body.split(/[\s,]+/).filter((id) => id.length > 0);
    const location = source.locateRange(comment.offset, comment.offset + comment.source.length);
    directives.push({
      kind: match[1] === 'line' ? 'line' : 'next-line',
      ruleIds,
      reason: reason?.trim() || undefined,
      targetLine: match[1] === 'line' ? location.line : location.line + 1,
      start: comment.offset,
      end: comment.offset + comment.source.length,
    });
  }
  return directives;
}

/** Deletes a directive comment: its whole line when it stands alone, else the comment and the spaces before it. */
function removeComment(text: string, start: number, end: number): TextEdit {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  if (/^\s*$/.test(text.slice(lineStart, start))) return { start: lineStart, end: lineEnd, text: '' };
  let from = start;
  while (from > lineStart && /[ \t]/.test(text[from - 1] ?? '')) from -= 1;
  return { start: from, end, text: '' };
}

export interface DirectiveOptions {
  knownRuleIds: readonly string[];
  /** Severity of "unused directive" findings; 'off' to not report them. */
  unusedSeverity: Severity | 'off';
}

/** Drops silenced findings and adds findings about the directives themselves. */
export function applyDirectives(diagnostics: Diagnostic[], source: SpecSource, options: DirectiveOptions): Diagnostic[] {
  const directives = parseDirectives(source);
  if (directives.length === 0) return diagnostics;
  const known = new Set(options.knownRuleIds);
  const used = directives.map(() => new Set<string>());
  const kept = diagnostics.filter((diagnostic) => {
    if (!known.has(diagnostic.code) || !diagnostic.location) return true;
    const index = directives.findIndex(
      (d) => d.targetLine === diagnostic.location!.line && (d.ruleIds.length === 0 || d.ruleIds.includes(diagnostic.code)),
    );
    if (index < 0) return true;
    used[index]!.add(diagnostic.code);
    return false;
  });
  directives.forEach((directive, index) => {
    const location = source.locateRange(directive.start, directive.end);
    const unknown = directive.ruleIds.filter((id) => !known.has(id));
    for (const id of unknown) {
      // Loaded only for a misspelt rule id.
      const { closest } = createRequire(import.meta.url)('fastest-levenshtein') as typeof import('fastest-levenshtein');
      const suggestion = closest(id, [...known]);
      kept.push({
        code: 'unknown-rule',
        severity: 'warning',
        message: `mlpc-disable-${directive.kind} names ${id}, which is not a lint rule`,
        location,
        hint: suggestion ? `Did you mean ${suggestion}? \`mlpc explain\` lists the rules.` : undefined,
      });
    }
    if (options.unusedSeverity === 'off') return;
    const unused = directive.ruleIds.filter((id) => known.has(id) && !used[index]!.has(id));
    const wholeUnused = used[index]!.size === 0 && unknown.length === 0;
    if (!wholeUnused && unused.length === 0) return;
    const what = directive.ruleIds.length === 0 ? 'any rule' : (wholeUnused ? directive.ruleIds : unused).join(', ');
    kept.push({
      code: 'unused-disable-directive',
      severity: options.unusedSeverity,
      message: `unused mlpc-disable-${directive.kind} directive: no finding of ${what} on line ${directive.targetLine}`,
      location,
      fix: wholeUnused
        ? { description: 'Remove the unused directive', edits: [removeComment(source.text, directive.start, directive.end)], safe: true }
        : undefined,
    });
  });
  return kept;
}
