/** Compiling a set of spec files for build and train: IRs, their sources, and every diagnostic. */
import { compileSpecFile, type SpecSource } from '../ir/compile.js';
import type { ModelIR } from '../ir/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { missingDataFileCode } from '../ir/data-files.js';

export interface CompiledSpec {
  file: string;
  ir: ModelIR;
  source: SpecSource;
}

export interface CompiledSpecs {
  specs: CompiledSpec[];
  diagnostics: Diagnostic[];
  /** Spec texts by displayed path, for code frames. */
  texts: Map<string, string>;
}

/**
 * `dataMustExist` (mlpc train): a data file the spec names and that is missing is an error, not the
 * warning lint and build give (data-files.ts says why).
 */
export async function compileSpecs(files: readonly string[], options: { dataMustExist?: boolean } = {}): Promise<CompiledSpecs> {
  const specs: CompiledSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const result = await compileSpecFile(file);
    const fileDiagnostics = options.dataMustExist
      ? result.diagnostics.map((d) => (d.code === missingDataFileCode ? { ...d, severity: 'error' as const } : d))
      : result.diagnostics;
    diagnostics.push(...fileDiagnostics);
    if (result.source) texts.set(result.source.file, result.source.text);
    if (result.ir && result.source && !fileDiagnostics.some((d) => d.severity === 'error')) specs.push({ file, ir: result.ir, source: result.source });
  }
  return { specs, diagnostics, texts };
}

/** Two specs emitting the same generated/<name>.ts would overwrite each other. */
export function duplicateNameDiagnostics(specs: readonly CompiledSpec[]): Diagnostic[] {
  const firstByName = new Map<string, CompiledSpec>();
  const diagnostics: Diagnostic[] = [];
  for (const spec of specs) {
    const first = firstByName.get(spec.ir.name);
    if (!first) {
      firstByName.set(spec.ir.name, spec);
      continue;
    }
    const nameRef = spec.source.locate(['name']);
    diagnostics.push({
      code: 'duplicate-name',
      severity: 'error',
      message: `name '${spec.ir.name}' is also the name of ${first.ir.source.file}: both would be generated as ${spec.ir.name}.ts`,
      location: nameRef,
      related: [{ message: 'first used here', location: first.source.locate(['name']) }],
      hint: 'give every spec a unique name',
    });
  }
  return diagnostics;
}
