/** `mlpc inspect FILE [--json]`: the model summary of one spec, or its IR as JSON. */
import { ExitCode } from '../exit-codes.js';
import { useColor } from '../color.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { formatStylish } from '../../compiler/diagnostics/formatters/stylish.js';
import { compileSpecFile } from '../../compiler/ir/compile.js';
import { summaryTable } from '../../compiler/ir/summary-table.js';

export interface InspectOptions {
  json?: boolean;
  color?: boolean;
}

export async function runInspect(file: string, options: InspectOptions): Promise<number> {
  const result = await compileSpecFile(file);
  if (result.diagnostics.length > 0) {
    const sources = new Map(result.source ? [[result.source.file, result.source.text]] : []);
    process.stderr.write(formatStylish(result.diagnostics, sources, { color: useColor(process.stderr, options.color) }));
  }
  if (!result.ir || hasErrors(result.diagnostics)) return ExitCode.invalidInput;
  process.stdout.write(options.json ? `${JSON.stringify(result.ir, null, 2)}\n` : summaryTable(result.ir));
  return ExitCode.ok;
}
