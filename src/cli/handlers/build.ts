/**
 * `mlpc build`: compile every spec, lint them, emit all scripts in one ts-morph Project, then either
 * compare with the output folder (--check) or write the changes. Nothing is written unless every
 * spec compiled (and, without --no-lint, linted without errors).
 */
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { ExitCode } from '../exit-codes.js';
import { findSpecFiles } from '../../compiler/spec/find-specs.js';
import { emitScripts } from '../../compiler/emit/emit-script.js';
import { compileSpecs, duplicateNameDiagnostics, type CompiledSpec } from '../../compiler/build/compile-specs.js';
import { planOutputs } from '../../compiler/build/output-plan.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { removeFileInFolder, writeFileAtomically } from '../../compiler/build/write-atomically.js';

export interface BuildOptions {
  paths: string[];
  out: string;
  check: boolean;
  lint: boolean;
}

async function lintSpecs(specs: readonly CompiledSpec[]): Promise<Diagnostic[]> {
  const { lintModel, loadLintConfig } = await import('../../compiler/lint/lint-model.js');
  const findings: Diagnostic[] = [];
  for (const spec of specs) {
    const { config, diagnostics } = await loadLintConfig(spec.file);
    findings.push(...diagnostics, ...lintModel(spec.ir, spec.source, config));
  }
  return findings;
}

/** The output folder as the user named it, without a trailing slash. */
function shown(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const files = await findSpecFiles(options.paths);
  const compiled = await compileSpecs(files);
  const diagnostics = [...compiled.diagnostics, ...duplicateNameDiagnostics(compiled.specs)];
  if (hasErrors(diagnostics)) {
    await printDiagnostics(diagnostics, compiled.texts);
    process.stderr.write(`mlpc build: invalid spec, nothing written\n`);
    return ExitCode.invalidInput;
  }
  const lintFindings = options.lint ? await lintSpecs(compiled.specs) : [];
  await printDiagnostics([...diagnostics, ...lintFindings], compiled.texts);
  if (hasErrors(lintFindings)) {
    process.stderr.write('mlpc build: lint errors, nothing written (fix them, or build with --no-lint)\n');
    return ExitCode.findings;
  }

  const scripts = emitScripts(compiled.specs.map((spec) => spec.ir)).map((script, index) => ({
    ...script,
    spec: compiled.specs[index].ir.source.file,
  }));
  const plan = planOutputs(options.out, scripts, compiled.specs.map((spec) => spec.ir.source.file).concat(files));
  const out = shown(options.out);
  const changed = plan.files.filter((file) => file.state !== 'unchanged');

  if (options.check) {
    const problems = [
      ...changed.map((file) => `${file.state}: ${out}/${file.fileName} (from ${file.spec})`),
      ...plan.orphaned.map((file) => `orphaned: ${out}/${file.fileName} (${file.spec} no longer produces it)`),
    ];
    if (problems.length === 0) {
      process.stdout.write(`mlpc build --check: ${plan.files.length} generated files up to date in ${out}/\n`);
      return ExitCode.ok;
    }
    process.stdout.write(`${problems.join('\n')}\nmlpc build --check: ${problems.length} out of date; run \`mlpc build\`\n`);
    return ExitCode.findings;
  }

  for (const file of changed) writeFileAtomically(options.out, file.fileName, file.text);
  for (const file of plan.orphaned) removeFileInFolder(options.out, file.fileName);
  for (const file of changed) process.stdout.write(`wrote ${out}/${file.fileName}\n`);
  for (const file of plan.orphaned) process.stdout.write(`removed ${out}/${file.fileName} (orphaned)\n`);
  process.stdout.write(
    `mlpc build: ${plan.files.length} specs, ${changed.length} written, ${plan.files.length - changed.length} unchanged` +
      (plan.orphaned.length > 0 ? `, ${plan.orphaned.length} orphaned removed` : '') +
      '\n',
  );
  return ExitCode.ok;
}
