/**
 * `mlpc build`: compile every spec, lint them, then either check the output folder against the stamps in
 * the generated files' headers (--check: no emitter, so it starts from the bundle like lint) or emit all
 * files in one ts-morph Project, stamp them and write the changes. Nothing is written unless every spec
 * compiled (and, without --no-lint, linted without errors).
 */
import { setFlagsFromString } from 'node:v8';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { ExitCode } from '../exit-codes.js';
import { findSpecFiles } from '../../compiler/spec/find-specs.js';
import { compileSpecs, duplicateNameDiagnostics, type CompiledSpec } from '../../compiler/build/compile-specs.js';
import { currentCompiler } from '../../compiler/build/compiler-fingerprint.js';
import { checkOutputs, expectedFiles, planOutputs, shownSource, type CheckedFile } from '../../compiler/build/output-plan.js';
import { stampFile, withoutStamp, type StampInputs } from '../../compiler/build/stamp.js';
import type { ModelIR } from '../../compiler/ir/types.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { removeFileInFolder, writeFileAtomically } from '../../compiler/build/write-atomically.js';

export interface BuildOptions {
  paths: string[];
  out: string;
  check: boolean;
  lint: boolean;
  color?: boolean;
}

/** Build options that change what is written, recorded in every stamp (none yet: targets will be). */
const OUTPUT_OPTIONS: StampInputs['options'] = {};

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

/** Every emitted file, stamped; the emitter (ts-morph) is loaded only here. */
async function emitStamped(irs: readonly ModelIR[]): Promise<Map<string, string>> {
  // bin/mlpc.js starts `build --check` without TurboFan (a 40 ms run); seconds of ts-morph need it back
  // (measured: a --check that has to emit, 8.2 s CPU without, 4.8 s with).
  setFlagsFromString('--opt');
  const { emitScripts } = await import('../../compiler/emit/emit-script.js');
  const compiler = currentCompiler();
  const expected = new Map(expectedFiles(irs).map((file) => [file.fileName, file]));
  const texts = new Map<string, string>();
  for (const script of emitScripts(irs)) {
    const file = expected.get(script.fileName);
    if (!file) throw new Error(`the emitter wrote ${script.fileName}, which expectedFiles() does not name`);
    texts.set(script.fileName, stampFile(script.fileName, script.text, { compiler, options: OUTPUT_OPTIONS, sources: file.sources }));
  }
  return texts;
}

function describeProblem(file: CheckedFile, out: string): string | null {
  const path = `${out}/${file.fileName}`;
  const from = shownSource(file);
  const problem = file.problem;
  switch (problem?.kind) {
    case undefined:
      return null;
    case 'missing':
      return `missing: ${path} (from ${from})`;
    case 'unstamped':
      return `stale: ${path} (no mlpc stamp in its header: written by an older mlpc or by hand; from ${from})`;
    case 'modified':
      return `modified: ${path} (edited after mlpc wrote it: its text no longer matches the hash in its stamp)`;
    case 'compiler':
      return `stale: ${path} (written by mlpc ${problem.stamped.version}, compiler ${problem.stamped.fingerprint}; this compiler writes it differently)`;
    case 'options':
      return `stale: ${path} (built with other build options)`;
    case 'spec-changed':
      return `stale: ${path} (${problem.spec} changed since it was generated)`;
    case 'sources':
      return `stale: ${path} (generated from ${problem.stamped.map((source) => source.file).join(', ') || 'no spec'}, now from ${from})`;
  }
}

/**
 * Files whose only difference is the compiler that stamped them (mlpc was rebuilt, e.g. during
 * development) are decided by emitting them: the same text with an older stamp is up to date.
 */
async function settleCompilerChanges(files: CheckedFile[], irs: readonly ModelIR[]): Promise<number> {
  const candidates = files.filter((file) => file.problem?.kind === 'compiler');
  if (candidates.length === 0) return 0;
  const emitted = await emitStamped(irs);
  let settled = 0;
  for (const file of candidates) {
    const fresh = emitted.get(file.fileName);
    if (fresh !== undefined && file.text !== undefined && withoutStamp(file.fileName, fresh) === withoutStamp(file.fileName, file.text)) {
      file.problem = null;
      settled += 1;
    }
  }
  return settled;
}

async function check(out: string, irs: readonly ModelIR[], scanned: readonly string[]): Promise<number> {
  const shownOut = shown(out);
  const result = checkOutputs(out, expectedFiles(irs), { compiler: currentCompiler(), options: OUTPUT_OPTIONS }, scanned);
  const restampable = await settleCompilerChanges(result.files, irs);
  const problems = [
    ...result.files.map((file) => describeProblem(file, shownOut)).filter((line): line is string => line !== null),
    ...result.orphaned.map((file) =>
      file.spec ? `orphaned: ${shownOut}/${file.fileName} (${file.spec} no longer produces it)` : `orphaned: ${shownOut}/${file.fileName} (no longer written)`,
    ),
  ];
  if (problems.length === 0) {
    const note = restampable > 0 ? ` (${restampable} stamped by another build of mlpc with the same output; \`mlpc build\` renews their stamps)` : '';
    process.stdout.write(`mlpc build --check: ${result.files.length} generated files up to date in ${shownOut}/${note}\n`);
    return ExitCode.ok;
  }
  process.stdout.write(`${problems.join('\n')}\nmlpc build --check: ${problems.length} out of date; run \`mlpc build\`\n`);
  return ExitCode.findings;
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const files = await findSpecFiles(options.paths);
  const compiled = await compileSpecs(files);
  const diagnostics = [...compiled.diagnostics, ...duplicateNameDiagnostics(compiled.specs)];
  if (hasErrors(diagnostics)) {
    await printDiagnostics(diagnostics, compiled.texts, options.color);
    process.stderr.write(`mlpc build: invalid spec, nothing written\n`);
    return ExitCode.invalidInput;
  }
  const lintFindings = options.lint ? await lintSpecs(compiled.specs) : [];
  await printDiagnostics([...diagnostics, ...lintFindings], compiled.texts, options.color);
  if (hasErrors(lintFindings)) {
    process.stderr.write('mlpc build: lint errors, nothing written (fix them, or build with --no-lint)\n');
    return ExitCode.findings;
  }

  const irs = compiled.specs.map((spec) => spec.ir);
  const scanned = irs.map((ir) => ir.source.file).concat(files);
  if (options.check) return check(options.out, irs, scanned);

  const texts = await emitStamped(irs);
  const plan = planOutputs(
    options.out,
    expectedFiles(irs).map((file) => ({ ...file, text: texts.get(file.fileName) ?? '' })),
    scanned,
  );
  const missing = plan.files.find((file) => !texts.has(file.fileName));
  if (missing) throw new Error(`the emitter did not write ${missing.fileName}`);
  const out = shown(options.out);
  const changed = plan.files.filter((file) => file.state !== 'unchanged');
  for (const file of changed) writeFileAtomically(options.out, file.fileName, file.text);
  for (const file of plan.orphaned) removeFileInFolder(options.out, file.fileName);
  for (const file of changed) process.stdout.write(`wrote ${out}/${file.fileName}\n`);
  for (const file of plan.orphaned) process.stdout.write(`removed ${out}/${file.fileName} (orphaned)\n`);
  process.stdout.write(
    `mlpc build: ${plan.files.length} files, ${changed.length} written, ${plan.files.length - changed.length} unchanged` +
      (plan.orphaned.length > 0 ? `, ${plan.orphaned.length} orphaned removed` : '') +
      '\n',
  );
  return ExitCode.ok;
}
