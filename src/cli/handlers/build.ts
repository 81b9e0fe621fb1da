/**
 * `mlpc build`: the compiler's build (src/compiler/build/build-outputs.ts) over the registered targets,
 * printed: diagnostics on stderr, the files written or the check's findings on stdout, and the exit code.
 * --check loads no emitter, so it starts from the bundle like lint.
 */
import type { CheckedFile } from '../../compiler/build/output-plan.js';
import { shownSource } from '../../compiler/build/output-plan.js';
import { checkBuild, writeBuild, type BuildStop, type CheckReport, type WriteReport } from '../../compiler/build/build-outputs.js';
import { targetRegistry } from '../../targets/registry.js';
import { ExitCode } from '../exit-codes.js';
import { printDiagnostics } from '../report-diagnostics.js';

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

/** The output folder as the user named it, without a trailing slash. */
function shown(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
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

/** Prints why a build stopped before the output folder; its exit code. */
async function reportStop(stop: BuildStop, color: boolean | undefined): Promise<number> {
  await printDiagnostics(stop.findings.diagnostics, stop.findings.texts, color);
  switch (stop.kind) {
    case 'invalid':
      process.stderr.write(`mlpc build: invalid spec, nothing written\n`);
      return ExitCode.invalidInput;
    case 'lint-errors':
      process.stderr.write('mlpc build: lint errors, nothing written (fix them, or build with --no-lint)\n');
      return ExitCode.findings;
    case 'obstacles': {
      await printDiagnostics(stop.obstacles, stop.findings.texts, color);
      const targets = stop.targets.map((target) => target.name).join(',');
      process.stderr.write(`mlpc build: --target ${targets} cannot express these specs, nothing written\n`);
      return ExitCode.invalidInput;
    }
  }
}

function reportCheck(report: CheckReport, out: string): number {
  const problems = [
    ...report.files.map((file) => describeProblem(file, out)).filter((line): line is string => line !== null),
    ...report.orphaned.map((file) =>
      file.spec ? `orphaned: ${out}/${file.fileName} (${file.spec} no longer produces it)` : `orphaned: ${out}/${file.fileName} (no longer written)`,
    ),
  ];
  if (problems.length === 0) {
    const note = report.restamped > 0 ? ` (${report.restamped} stamped by another build of mlpc with the same output; \`mlpc build\` renews their stamps)` : '';
    process.stdout.write(`mlpc build --check: ${report.files.length} generated files up to date in ${out}/${note}\n`);
    return ExitCode.ok;
  }
  process.stdout.write(`${problems.join('\n')}\nmlpc build --check: ${problems.length} out of date; run \`mlpc build\`\n`);
  return ExitCode.findings;
}

function reportWrite(report: WriteReport, out: string): number {
  for (const file of report.changed) process.stdout.write(`wrote ${out}/${file.fileName}\n`);
  for (const file of report.orphaned) process.stdout.write(`removed ${out}/${file.fileName} (orphaned)\n`);
  process.stdout.write(
    `mlpc build: ${report.files.length} files, ${report.changed.length} written, ${report.files.length - report.changed.length} unchanged` +
      (report.orphaned.length > 0 ? `, ${report.orphaned.length} orphaned removed` : '') +
      '\n',
  );
  return ExitCode.ok;
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const request = { ...options, registry: targetRegistry };
  const out = shown(options.out);
  if (options.check) {
    const result = await checkBuild(request);
    if (result.kind !== 'checked') return reportStop(result, options.color);
    await printDiagnostics(result.findings.diagnostics, result.findings.texts, options.color);
    return reportCheck(result.report, out);
  }
  const result = await writeBuild(request);
  if (result.kind !== 'written') return reportStop(result, options.color);
  await printDiagnostics(result.findings.diagnostics, result.findings.texts, options.color);
  return reportWrite(result.report, out);
}
