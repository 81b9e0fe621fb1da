/**
 * A build as the compiler runs it: compile every spec, lint them, give each its targets (the command
 * line's, else its nearest mlpc.config.yaml's `targets:`, else the registry's default), ask every target
 * what it cannot express, then either check the output folder against the stamps in the generated files'
 * headers (`checkBuild`: no emitter is loaded unless a stamp names another compiler) or emit, stamp and
 * write the changed files (`writeBuild`). Nothing is written unless every spec compiled, (with lint)
 * linted without errors, and every target can express its specs. Printing and exit codes are the CLI's.
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findSpecFiles } from '../spec/find-specs.js';
import type { ModelIR } from '../ir/types.js';
import { compileSpecs, duplicateNameDiagnostics, type CompiledSpec } from './compile-specs.js';
import { currentCompiler } from './compiler-fingerprint.js';
import { checkOutputs, expectedFiles, kindOf, planOutputs, type CheckedFile, type OrphanedFile, type PlannedFile } from './output-plan.js';
import { stampFile, withoutStamp, type StampInputs } from './stamp.js';
import type { BuildLayout, Target } from './target.js';
import { groupByTarget, type ModelsByTarget, type TargetRegistry } from './target-registry.js';
import { removeFileInFolder, writeFileAtomically } from './write-atomically.js';
import { PRINTER_UNSUPPORTED } from '../ir/unsupported.js';

export interface BuildRequest extends BuildLayout {
  paths: readonly string[];
  /** The output folder. */
  out: string;
  lint: boolean;
  /** `--target` values as given; undefined or empty: each spec's config, else the registry's default. */
  targets?: readonly string[];
  registry: TargetRegistry;
  /** Data paths in generated files are written relative to it (default: the working directory). */
  cwd?: string;
}

/** Every diagnostic to show (compile, lint: warnings too) and the spec texts for their code frames. */
export interface BuildFindings {
  diagnostics: Diagnostic[];
  texts: Map<string, string>;
}

export interface CheckReport {
  files: CheckedFile[];
  orphaned: OrphanedFile[];
  /** Files stamped by another compiler whose text this one writes identically: up to date. */
  restamped: number;
}

export interface WriteReport {
  files: PlannedFile[];
  /** Written: missing or stale. */
  changed: PlannedFile[];
  /** Removed: generated for a spec that no longer produces them. */
  orphaned: OrphanedFile[];
}

/** Why a build stopped before the output folder, or what it did there. */
export type BuildStop =
  | { kind: 'invalid'; findings: BuildFindings }
  | { kind: 'lint-errors'; findings: BuildFindings }
  | { kind: 'obstacles'; findings: BuildFindings; obstacles: Diagnostic[]; targets: Target[] };

interface Prepared {
  kind: 'ready';
  findings: BuildFindings;
  models: ModelsByTarget;
  /** The specs of this build (as shown and as given): only their generated files can be orphans. */
  scanned: string[];
}

async function lintSpecs(specs: readonly CompiledSpec[]): Promise<Diagnostic[]> {
  const { lintModel, loadLintConfig } = await import('../lint/lint-model.js');
  const findings: Diagnostic[] = [];
  for (const spec of specs) {
    const { config, diagnostics } = await loadLintConfig(spec.file);
    findings.push(...diagnostics, ...lintModel(spec.ir, spec.source, config));
  }
  return findings;
}

/** The targets of each spec: the command line's, else its nearest config's, else the registry's default. */
async function assignTargets(specs: readonly CompiledSpec[], request: BuildRequest, given: readonly Target[] | null): Promise<ModelsByTarget> {
  const { loadLintConfig } = await import('../lint/config.js');
  const assignments: { ir: ModelIR; targets: readonly Target[] }[] = [];
  for (const spec of specs) {
    let targets = given ?? request.registry.defaults;
    if (given === null) {
      const { config } = await loadLintConfig(spec.file);
      if (config.targets) targets = request.registry.parse(config.targets);
    }
    assignments.push({ ir: spec.ir, targets });
  }
  return groupByTarget(request.registry, assignments);
}

async function prepare(request: BuildRequest): Promise<Prepared | BuildStop> {
  // An unknown target is a usage error before anything is read.
  const given = request.targets && request.targets.length > 0 ? request.registry.parse(request.targets) : null;
  const files = await findSpecFiles([...request.paths]);
  const compiled = await compileSpecs(files);
  const diagnostics = [...compiled.diagnostics, ...duplicateNameDiagnostics(compiled.specs)];
  if (hasErrors(diagnostics)) return { kind: 'invalid', findings: { diagnostics, texts: compiled.texts } };
  const lintFindings = request.lint ? await lintSpecs(compiled.specs) : [];
  const findings = { diagnostics: [...diagnostics, ...lintFindings], texts: compiled.texts };
  if (hasErrors(lintFindings)) return { kind: 'lint-errors', findings };

  const assigned = await assignTargets(compiled.specs, request, given);
  // A feature one target cannot express is an error at its spec line, never a silent difference. A
  // spec v2 model a target's printer cannot print yet is skipped for that target, with a warning, when
  // the spec was found in a folder (so `mlpc build` of the repository still builds the rest); named on
  // the command line, it is an error.
  const named = new Set(request.paths.map((path) => path.replace(/\\/g, '/')));
  const obstacles: Diagnostic[] = [];
  const blocked: Target[] = [];
  const models = new Map<Target, readonly ModelIR[]>();
  for (const [target, irs] of assigned) {
    const found = await target.obstacles(irs);
    const skipped = new Set<string>();
    for (const diagnostic of found) {
      const file = diagnostic.location?.file;
      if (diagnostic.code === PRINTER_UNSUPPORTED && file !== undefined && !named.has(file)) {
        skipped.add(file);
        findings.diagnostics.push({ ...diagnostic, severity: 'warning', message: `${diagnostic.message}; skipped for --target ${target.name}` });
      } else {
        obstacles.push(diagnostic);
      }
    }
    if (found.some((diagnostic) => !skipped.has(diagnostic.location?.file ?? ''))) blocked.push(target);
    models.set(target, irs.filter((ir) => !skipped.has(ir.source.file)));
  }
  if (obstacles.length > 0) return { kind: 'obstacles', findings, obstacles, targets: blocked };
  const scanned = compiled.specs.map((spec) => spec.ir.source.file).concat(files);
  return { kind: 'ready', findings, models, scanned };
}

/** Build options that change what is written, recorded in every stamp (the default layout records none). */
function stampOptions(layout: BuildLayout): StampInputs['options'] {
  return layout.singleFile ? { single_file: true } : {};
}

/** The targets a build writes: only their files can be orphans, and each file is read in its target's comment syntax. */
function ownedKinds(models: ModelsByTarget): Target[] {
  return [...models.keys()];
}

/** Every file of the build, emitted by its target and stamped, by file name. */
async function emitStamped(models: ModelsByTarget, request: BuildRequest): Promise<Map<string, string>> {
  const compiler = currentCompiler();
  const texts = new Map<string, string>();
  for (const [target, irs] of models) {
    const expected = new Map(target.expectedFiles(irs, request).map((file) => [file.fileName, file]));
    const emitted = await target.emit(irs, { out: request.out, cwd: request.cwd ?? process.cwd(), singleFile: request.singleFile });
    for (const file of emitted) {
      const named = expected.get(file.fileName);
      if (!named) throw new Error(`the ${target.name} target wrote ${file.fileName}, which its expectedFiles() does not name`);
      texts.set(file.fileName, stampFile(file.fileName, file.text, { compiler, options: stampOptions(request), sources: named.sources }, target.comment));
    }
    const missing = [...expected.keys()].find((fileName) => !texts.has(fileName));
    if (missing) throw new Error(`the ${target.name} target did not write ${missing}`);
  }
  return texts;
}

/**
 * Files whose only difference is the compiler that stamped them (mlpc was rebuilt, e.g. during
 * development) are decided by emitting them: the same text with an older stamp is up to date.
 */
async function settleCompilerChanges(files: CheckedFile[], models: ModelsByTarget, request: BuildRequest): Promise<number> {
  const candidates = files.filter((file) => file.problem?.kind === 'compiler');
  if (candidates.length === 0) return 0;
  const emitted = await emitStamped(models, request);
  let settled = 0;
  for (const file of candidates) {
    const fresh = emitted.get(file.fileName);
    const comment = kindOf(file.fileName, ownedKinds(models))?.comment;
    if (fresh !== undefined && file.text !== undefined && withoutStamp(file.fileName, fresh, comment) === withoutStamp(file.fileName, file.text, comment)) {
      file.problem = null;
      settled += 1;
    }
  }
  return settled;
}

/** `mlpc build --check`: the output folder against the stamps; writes nothing. */
export async function checkBuild(request: BuildRequest): Promise<BuildStop | { kind: 'checked'; findings: BuildFindings; report: CheckReport }> {
  const prepared = await prepare(request);
  if (prepared.kind !== 'ready') return prepared;
  const { models, scanned } = prepared;
  const inputs = { compiler: currentCompiler(), options: stampOptions(request) };
  const result = checkOutputs(request.out, expectedFiles(models, request), inputs, scanned, ownedKinds(models));
  const restamped = await settleCompilerChanges(result.files, models, request);
  return { kind: 'checked', findings: prepared.findings, report: { ...result, restamped } };
}

/** `mlpc build`: emits every file, writes the missing and stale ones and removes the orphaned ones. */
export async function writeBuild(request: BuildRequest): Promise<BuildStop | { kind: 'written'; findings: BuildFindings; report: WriteReport }> {
  const prepared = await prepare(request);
  if (prepared.kind !== 'ready') return prepared;
  const { models, scanned } = prepared;
  const texts = await emitStamped(models, request);
  const withTexts = expectedFiles(models, request).map((file) => ({ ...file, text: texts.get(file.fileName) ?? '' }));
  const plan = planOutputs(request.out, withTexts, scanned, ownedKinds(models));
  const changed = plan.files.filter((file) => file.state !== 'unchanged');
  for (const file of changed) writeFileAtomically(request.out, file.fileName, file.text);
  for (const file of plan.orphaned) removeFileInFolder(request.out, file.fileName);
  return { kind: 'written', findings: prepared.findings, report: { files: plan.files, changed, orphaned: plan.orphaned } };
}
