/**
 * `mlpc build`: compile every spec, lint them, then either check the output folder against the stamps in
 * the generated files' headers (--check: no emitter, so it starts from the bundle like lint) or emit all
 * files (TypeScript in one ts-morph Project; PyTorch as text), stamp them and write the changes. Nothing is
 * written unless every spec compiled (and, without --no-lint, linted without errors) and every spec's
 * targets can express it.
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
import { unsupportedByPrinters } from '../../compiler/ir/unsupported.js';
import { DEFAULT_TARGETS, parseTargets, type Target } from '../../compiler/build/targets.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { removeFileInFolder, writeFileAtomically } from '../../compiler/build/write-atomically.js';

export interface BuildOptions {
  paths: string[];
  out: string;
  check: boolean;
  lint: boolean;
  color?: boolean;
  /** Inline the runtime into every model file; no mlpc-runtime.ts. */
  singleFile?: boolean;
  /** `--target` values as given; undefined: each spec's mlpc.config.yaml `targets:`, else typescript. */
  targets?: string[];
}

/** The specs of a build, split by target. */
interface TargetSpecs {
  typescript: ModelIR[];
  pytorch: ModelIR[];
}

/** The targets of each spec: the command line's, else its nearest config's, else the default. */
async function splitByTarget(specs: readonly CompiledSpec[], given: readonly Target[] | null): Promise<TargetSpecs> {
  const { loadLintConfig } = await import('../../compiler/lint/config.js');
  const split: TargetSpecs = { typescript: [], pytorch: [] };
  for (const spec of specs) {
    let targets: readonly Target[] = given ?? DEFAULT_TARGETS;
    if (given === null) {
      const { config } = await loadLintConfig(spec.file);
      if (config.targets) targets = parseTargets(config.targets);
    }
    for (const target of targets) split[target].push(spec.ir);
  }
  return split;
}

/** File endings of the targets a build writes: only those files can be orphans. */
function ownedExtensions(specs: TargetSpecs): string[] {
  return [...(specs.typescript.length > 0 ? ['.ts'] : []), ...(specs.pytorch.length > 0 ? ['.py'] : [])];
}

/** Build options that change what is written, recorded in every stamp (the default layout records none). */
function outputOptions(options: Pick<BuildOptions, 'singleFile'>): StampInputs['options'] {
  return options.singleFile ? { single_file: true } : {};
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

/** Every emitted file, stamped; the emitters (ts-morph for TypeScript) are loaded only here. */
async function emitStamped(specs: TargetSpecs, options: Pick<BuildOptions, 'out' | 'singleFile'>): Promise<Map<string, string>> {
  const compiler = currentCompiler();
  const expected = new Map(expectedFiles(specs.typescript, options, specs.pytorch).map((file) => [file.fileName, file]));
  const texts = new Map<string, string>();
  const emitted: { fileName: string; text: string }[] = [];
  if (specs.typescript.length > 0) {
    const { emitScripts } = await import('../../compiler/emit/emit-script.js');
    emitted.push(...emitScripts(specs.typescript, options.out, { singleFile: options.singleFile }));
  }
  if (specs.pytorch.length > 0) {
    const { emitPytorchScript } = await import('../../compiler/emit/pytorch/emit-pytorch.js');
    const { packageVersion, pythonRuntimeFiles } = await import('../../compiler/build/targets.js');
    const version = packageVersion();
    for (const ir of specs.pytorch) emitted.push(emitPytorchScript(ir, { version, scriptDir: options.out, cwd: process.cwd() }));
    emitted.push(...pythonRuntimeFiles(version));
  }
  for (const script of emitted) {
    const file = expected.get(script.fileName);
    if (!file) throw new Error(`the emitter wrote ${script.fileName}, which expectedFiles() does not name`);
    texts.set(script.fileName, stampFile(script.fileName, script.text, { compiler, options: outputOptions(options), sources: file.sources }));
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
async function settleCompilerChanges(files: CheckedFile[], irs: TargetSpecs, options: Pick<BuildOptions, 'out' | 'singleFile'>): Promise<number> {
  const candidates = files.filter((file) => file.problem?.kind === 'compiler');
  if (candidates.length === 0) return 0;
  const emitted = await emitStamped(irs, options);
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

async function check(options: Pick<BuildOptions, 'out' | 'singleFile'>, irs: TargetSpecs, scanned: readonly string[]): Promise<number> {
  const out = options.out;
  const shownOut = shown(out);
  const expected = expectedFiles(irs.typescript, options, irs.pytorch);
  const result = checkOutputs(out, expected, { compiler: currentCompiler(), options: outputOptions(options) }, scanned, ownedExtensions(irs));
  const restampable = await settleCompilerChanges(result.files, irs, options);
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
  // An unknown target is a usage error before anything is read.
  const given = options.targets && options.targets.length > 0 ? parseTargets(options.targets) : null;
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

  // Spec v2 models the TypeScript printer cannot print yet (the PyTorch printer prints them): an error for a spec
  // named on the command line, skipped for that target with a warning when found in a folder.
  const named = new Set(options.paths.map((path) => path.replace(/\\/g, '/')));
  const split = await splitByTarget(compiled.specs, given);
  const forTypescript = new Set(split.typescript);
  const unsupported = compiled.specs.map((spec) => ({ spec, found: forTypescript.has(spec.ir) ? unsupportedByPrinters(spec.ir) : [] }));
  const refused = unsupported.filter(({ spec, found }) => found.length > 0 && named.has(spec.ir.source.file)).flatMap(({ found }) => found);
  if (refused.length > 0) {
    await printDiagnostics(refused, compiled.texts, options.color);
    process.stderr.write('mlpc build: the printers cannot print these specs yet, nothing written\n');
    return ExitCode.invalidInput;
  }
  const skipped = unsupported.filter(({ found }) => found.length > 0).flatMap(({ found }) => found.map((diagnostic) => ({ ...diagnostic, severity: 'warning' as const })));
  if (skipped.length > 0) {
    await printDiagnostics(skipped, compiled.texts, options.color);
    process.stderr.write(`mlpc build: skipped ${skipped.length} spec${skipped.length === 1 ? '' : 's'} the TypeScript printer cannot print yet\n`);
  }
  const unprintable = new Set(unsupported.filter(({ found }) => found.length > 0).map(({ spec }) => spec.ir));
  const irs = { typescript: split.typescript.filter((ir) => !unprintable.has(ir)), pytorch: split.pytorch };
  const printable = compiled.specs.filter((spec) => irs.typescript.includes(spec.ir) || irs.pytorch.includes(spec.ir));
  // A feature one target cannot express is an error at its spec line, never a silent difference.
  if (irs.pytorch.length > 0) {
    const { pytorchObstacles } = await import('../../compiler/emit/pytorch/emit-pytorch.js');
    const obstacles = irs.pytorch.flatMap((ir) => pytorchObstacles(ir));
    if (obstacles.length > 0) {
      await printDiagnostics(obstacles, compiled.texts, options.color);
      process.stderr.write('mlpc build: --target pytorch cannot express these specs, nothing written\n');
      return ExitCode.invalidInput;
    }
  }
  const scanned = printable.map((spec) => spec.ir.source.file).concat(files);
  if (options.check) return check(options, irs, scanned);

  const texts = await emitStamped(irs, options);
  const plan = planOutputs(
    options.out,
    expectedFiles(irs.typescript, options, irs.pytorch).map((file) => ({ ...file, text: texts.get(file.fileName) ?? '' })),
    scanned,
    ownedExtensions(irs),
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
