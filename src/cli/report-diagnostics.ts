/** Printing diagnostics for build and train with the project's stylish formatter (on stderr). */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { useColor } from './color.js';

/** `color`: the command's --color / --no-color, if given (src/cli/color.ts decides otherwise). */
export async function printDiagnostics(diagnostics: readonly Diagnostic[], texts: Map<string, string>, color?: boolean): Promise<void> {
  if (diagnostics.length === 0) return;
  // Loaded on demand: a clean build with no findings never needs it.
  const { formatStylish } = await import('../compiler/diagnostics/formatters/stylish.js');
  const text = formatStylish(diagnostics, texts, { color: useColor(process.stderr, color) });
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
