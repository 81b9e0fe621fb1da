/** Machine-readable output: the Diagnostic objects themselves (see ../diagnostic.ts), in stable order. */
import type { Diagnostic } from '../diagnostic.js';
import { compareDiagnostics } from '../diagnostic.js';

export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify([...diagnostics].sort(compareDiagnostics), null, 2)}\n`;
}
