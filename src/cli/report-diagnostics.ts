/** Printing diagnostics for build and train with the project's stylish formatter (on stderr). */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';

export async function printDiagnostics(diagnostics: readonly Diagnostic[], texts: Map<string, string>): Promise<void> {
  if (diagnostics.length === 0) return;
  // Loaded on demand: a clean build with no findings never needs it.
  const { formatStylish } = await import('../compiler/diagnostics/formatters/stylish.js');
  const text = formatStylish(diagnostics, texts, { color: Boolean(process.stderr.isTTY) });
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
