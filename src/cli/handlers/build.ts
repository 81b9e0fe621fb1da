/**
 * `mlpc build`: compile every spec, lint them, emit all scripts in one ts-morph Project, then either
 * compare with the output folder (--check) or write the changes. Nothing is written unless every
 * spec compiled (and, without --no-lint, linted without errors).
 */
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { ExitCode } from '../exit-codes.js';
import { findSpecFiles } from '../../compiler/spec/find-specs.js';
import { emitBuild } from '../../compiler/emit/emit-script.js';
import { compileSpecs, duplicateNameDiagnostics, type CompiledSpec } from '../../compiler/build/compile-specs.js';
import { planOutputs } from '../../compiler/build/output-plan.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { removeFileInFolder, writeFileAtomically } from '../../compiler/build/write-atomically.js';
import { DEFAULT_TARGETS, packageVersion, parseTargets, pythonRuntimeFile, type Target } from '../../compiler/build/targets.js';
import { emitPytorchScript, pytorchObstacles } from '../../compiler/emit/pytorch/emit-pytorch.js';

export interface BuildOptions {
  paths: string[];
  out: string;
  check: boolean;
  lint: boolean;
  /** `--target` values as given; undefined: each spec's mlpc.config.yaml `targets:`, else typescript. */
  targets?: string[];
}

/** The targets of each spec: the command line's, else its nearest config's, else the default. */
async function targetsOf(specs: readonly CompiledSpec[], given: readonly Target[] | null): Promise<Target[][]> {
  if (given !== null) return specs.map(() => [...given]);
  const { loadLintConfig } = await import('../../compiler/lint/config.js');
  const result: Target[][] = [];
  for (const spec of specs) {
    const { config } = await loadLintConfig(spec.file);
    result.push(config.targets ? parseTargets(config.targets) : [...DEFAULT_TARGETS]);
  }
  return result;
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
  // An unknown target is a usage error before anything is read.
  const given = options.targets && options.targets.length > 0 ? parseTargets(options.targets) : null;
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

  const targets = await targetsOf(compiled.specs, given);
  const tsSpecs = compiled.specs.filter((_, index) => targets[index].includes('typescript'));
  const pySpecs = compiled.specs.filter((_, index) => targets[index].includes('pytorch'));
  // A feature one target cannot express is an error at its spec line, never a silent difference.
  const obstacles = pySpecs.flatMap((spec) => pytorchObstacles(spec.ir));
  if (obstacles.length > 0) {
    await printDiagnostics(obstacles, compiled.texts);
    process.stderr.write('mlpc build: --target pytorch cannot express these specs, nothing written\n');
    return ExitCode.invalidInput;
  }
  // TypeScript: one runtime file (when any spec built) and one model file per spec.
  const build = emitBuild(
    tsSpecs.map((spec) => spec.ir),
    options.out,
  );
  const outputs = build.scripts.map((script, index) => ({ fileName: script.fileName, text: script.text, spec: tsSpecs[index].ir.source.file }));
  if (outputs.length > 0) outputs.unshift({ fileName: build.runtime.fileName, text: build.runtime.text, spec: 'the mlpc runtime' });
  // PyTorch: one script per spec and the shared mlpc_runtime.py beside them.
  if (pySpecs.length > 0) {
    const version = packageVersion();
    for (const spec of pySpecs) {
      const script = emitPytorchScript(spec.ir, { version, scriptDir: options.out, cwd: process.cwd() });
      outputs.push({ fileName: script.fileName, text: script.text, spec: spec.ir.source.file });
    }
    const runtime = pythonRuntimeFile(version);
    outputs.push({ fileName: runtime.fileName, text: runtime.text, spec: 'the PyTorch runtime' });
  }
  const extensions = [...(tsSpecs.length > 0 ? ['.ts'] : []), ...(pySpecs.length > 0 ? ['.py'] : [])];
  const plan = planOutputs(options.out, outputs, compiled.specs.map((spec) => spec.ir.source.file).concat(files), extensions);
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
    `mlpc build: ${compiled.specs.length} specs, ${changed.length} written, ${plan.files.length - changed.length} unchanged` +
      (plan.orphaned.length > 0 ? `, ${plan.orphaned.length} orphaned removed` : '') +
      '\n',
  );
  return ExitCode.ok;
}
