/**
 * `mlpc lint [paths] [--format] [--fix] [--max-warnings N]`, loaded lazily by src/cli/commands/lint.ts.
 * Never imports ts-morph or TensorFlow.js (test/lint/no-heavy-imports.test.ts checks it).
 * Exit codes: 2 for invalid specs or config (reported with their diagnostics) and for no spec found;
 * 1 for lint errors or more warnings than --max-warnings; 70 when a rule crashed (a bug in mlpc).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../compiler/errors.js';
import { ExitCode } from '../exit-codes.js';
import { useColor } from '../color.js';
import { compareDiagnostics } from '../../compiler/diagnostics/diagnostic.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { findSpecFiles } from '../../compiler/spec/find-specs.js';
import { CONFIG_FILE_NAMES, loadLintConfig } from '../../compiler/lint/config.js';
import { formatLintOutput, LINT_FORMATS } from '../format-output.js';
import type { LintFormat } from '../format-output.js';
import { lintSpecText } from '../../compiler/lint/lint-spec.js';

export interface LintCommandOptions {
  format?: string;
  fix?: boolean;
  /** ESLint's --fix-dry-run: report what the file would look like after --fix, without writing it. */
  fixDryRun?: boolean;
  maxWarnings?: string;
  color?: boolean;
  /** ESLint's --quiet: report errors only. */
  quiet?: boolean;
}

function parseOptions(options: LintCommandOptions): { format: LintFormat; maxWarnings: number } {
  const format = (options.format ?? 'stylish') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new InputError(`unknown --format ${options.format}; expected one of ${LINT_FORMATS.join(', ')}`);
  let maxWarnings = -1;
  if (options.maxWarnings !== undefined) {
    // -1 means no limit, as in ESLint.
    if (!/^(\d+|-1)$/.test(options.maxWarnings)) throw new InputError(`--max-warnings expects a whole number ≥ 0 (or -1), got ${options.maxWarnings}`);
    maxWarnings = Number(options.maxWarnings);
  }
  return { format, maxWarnings };
}

function readTextOrEmpty(file: string): string {
  try {
    return readFileSync(path.resolve(file), 'utf8');
  } catch {
    return '';
  }
}

export async function runLint(paths: string[], options: LintCommandOptions): Promise<number> {
  const { format, maxWarnings } = parseOptions(options);
  const files = (await findSpecFiles(paths)).filter((file) => !CONFIG_FILE_NAMES.includes(path.basename(file)));
  if (files.length === 0) throw new InputError(`no spec files (*.yaml, *.yml) in ${paths.length > 0 ? paths.join(', ') : 'specs'}`);
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const reportedConfigs = new Set<string>();
  const shownFiles: string[] = [];
  let invalid = false;
  let fixed = 0;
  for (const file of files) {
    const { config, diagnostics: configDiagnostics } = await loadLintConfig(file);
    if (configDiagnostics.length > 0 && !reportedConfigs.has(config.file ?? '')) {
      reportedConfigs.add(config.file ?? '');
      diagnostics.push(...configDiagnostics);
      if (config.file) sources.set(config.file, readTextOrEmpty(config.file));
    }
    if (configDiagnostics.some((d) => d.severity === 'error')) invalid = true;
    let text: string;
    let result;
    if (options.fix || options.fixDryRun) {
      const { fixSpecFile } = await import('../../compiler/lint/fix-file.js');
      const outcome = await fixSpecFile(file, config, { write: !options.fixDryRun });
      fixed += outcome.applied;
      text = outcome.text;
      result = outcome.result;
    } else {
      try {
        // Synchronous: a CLI reading a few small files gains nothing from fs/promises' FileHandle machinery.
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
      }
      result = lintSpecText(file, text, config);
    }
    if (result.invalid) invalid = true;
    sources.set(result.source?.file ?? file, text);
    shownFiles.push(result.source?.file ?? file);
    diagnostics.push(...result.diagnostics);
  }
  diagnostics.sort(compareDiagnostics);
  const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  const color = useColor(process.stdout, options.color);
  process.stdout.write(await formatLintOutput(format, shown, { sources, files: shownFiles, color, root: process.cwd() }));
  if (options.fix && fixed > 0 && format === 'stylish') process.stderr.write(`mlpc: applied ${fixed} fix${fixed === 1 ? '' : 'es'}\n`);
  if (diagnostics.some((d) => d.code === 'internal-error')) return ExitCode.internalError;
  if (invalid) return ExitCode.invalidInput;
  if (diagnostics.some((d) => d.severity === 'error')) return ExitCode.findings;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    process.stderr.write(`mlpc: too many warnings (${warnings}; --max-warnings ${maxWarnings})\n`);
    return ExitCode.findings;
  }
  return ExitCode.ok;
}
