/**
 * The one diagnostic type of mlpc. YAML syntax errors, schema errors, lowering (semantic) errors,
 * lint findings and internal errors are all a Diagnostic; formatters under ./formatters render lists
 * of them (stylish, json, sarif, github).
 */

export type Severity = 'error' | 'warning' | 'info';

/** A range in a source file. Lines and columns are 1-based; offsets are 0-based UTF-16 indices into the text. */
export interface SourceLocation {
  /** Path as the user named it, relative to the working directory when possible (forward slashes). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

/** A replacement of the text between two offsets of one file (ESLint's fix shape). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  /** What the fix does, imperative: "Remove the bias regularizer". */
  description: string;
  /** Edits to the file of the diagnostic's location; non-overlapping. */
  edits: TextEdit[];
  /** Safe fixes are applied by `--fix`; unsafe ones are only shown. */
  safe: boolean;
}

export interface RelatedLocation {
  message: string;
  location: SourceLocation;
}

export interface Diagnostic {
  /**
   * Stable identifier: a lint rule id (`no-bias-regularization`), or a front-end code such as
   * `yaml-syntax`, `schema-type`, `unknown-key`, `shape-mismatch`, `internal-error`.
   */
  code: string;
  severity: Severity;
  /** One sentence for the user, with the concrete numbers. */
  message: string;
  /**
   * For lint findings: which of the rule's message templates produced `message` (typescript-eslint's
   * messageId). Stable across wording changes; tests, editors and JSON consumers key on it.
   */
  messageId?: string;
  /** Absent only for diagnostics that are about no file (e.g. a missing path). */
  location?: SourceLocation;
  related?: RelatedLocation[];
  /** Extra advice printed under the message ("rate = 1 - keep_prob"). */
  hint?: string;
  fix?: Fix;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order for output: file, then position, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? '';
  const fb = b.location?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const oa = a.location?.start ?? -1;
  const ob = b.location?.start ?? -1;
  if (oa !== ob) return oa - ob;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
