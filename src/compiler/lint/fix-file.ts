/**
 * `mlpc lint --fix`: apply the safe fixes of a spec's findings (the front end's, like keep_prob, and
 * the rules'), re-lint, and repeat (ESLint's up-to-10 passes) until nothing fixable is left. A pass is
 * kept only if the spec does not gain front-end errors; the file is replaced atomically (temp + rename),
 * so an interrupted fix never leaves a half-written spec.
 */
import { readFile } from 'node:fs/promises';
import { replaceFile } from '../../runtime/replace-file.js';
import type { Fix, TextEdit } from '../diagnostics/diagnostic.js';
import type { LintConfig } from './config.js';
import { frontEndErrorCount, lintSpecText } from './lint-spec.js';
import type { SpecLintResult } from './lint-spec.js';
import { applyEdits } from './yaml-edits.js';

const MAX_PASSES = 10;

export interface FixOutcome {
  text: string;
  result: SpecLintResult;
  /** Number of fixes applied. */
  applied: number;
}

function overlaps(edit: TextEdit, taken: readonly TextEdit[]): boolean {
  return taken.some((other) => edit.start < other.end && other.start < edit.end || (edit.start === other.start && edit.end === other.end));
}

/** Safe fixes whose edits overlap none of an earlier chosen fix, in the order of their first edit. */
function chooseFixes(result: SpecLintResult): Fix[] {
  const file = result.source?.file;
  const candidates = result.diagnostics
    .filter((d) => d.fix?.safe && d.location?.file === file)
    .map((d) => d.fix!)
    .sort((a, b) => Math.min(...a.edits.map((e) => e.start)) - Math.min(...b.edits.map((e) => e.start)));
  const chosen: Fix[] = [];
  const taken: TextEdit[] = [];
  for (const fix of candidates) {
    if (fix.edits.some((edit) => overlaps(edit, taken))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

export function fixSpecText(file: string, text: string, config: LintConfig): FixOutcome {
  let current = text;
  let result = lintSpecText(file, current, config);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const fixes = chooseFixes(result);
    if (fixes.length === 0) break;
    const candidate = applyEdits(current, fixes.flatMap((fix) => fix.edits));
    const candidateResult = lintSpecText(file, candidate, config);
    if (frontEndErrorCount(candidateResult) > frontEndErrorCount(result)) break;
    current = candidate;
    result = candidateResult;
    applied += fixes.length;
  }
  return { text: current, result, applied };
}

/** Writes through a symlink to its target, as an in-place edit would, keeping the target's mode (replaceFile). */
export async function writeFileAtomically(link: string, text: string): Promise<void> {
  replaceFile(link, text);
}

export async function fixSpecFile(file: string, config: LintConfig, options = { write: true }): Promise<FixOutcome & { original: string }> {
  const original = await readFile(file, 'utf8');
  const outcome = fixSpecText(file, original, config);
  if (options.write && outcome.text !== original) await writeFileAtomically(file, outcome.text);
  return { ...outcome, original };
}
