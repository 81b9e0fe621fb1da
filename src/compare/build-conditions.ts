/**
 * From the command line to the conditions of a study: each spec file (or each `--vary` variant of
 * it), each with its `--tune` grid points, every point edited through the YAML Document API and
 * compiled by the front end, so the IR stored for a point is exactly what is trained.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { InputError } from '../compiler/errors.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { CompileSpecText } from './front-end.js';
import type { Condition, GridPoint, TuneField } from './results-file.js';
import { isBudgetPath } from './budget-axis.js';
import { unifiedDiff } from './spec-diff.js';
import { specTextOf } from './spec-text.js';
import { applyGridPoint, gridFor, tuneFieldApplies } from './tune-grid.js';
import { applyVariant, variantChoices, variantLabel, variantSpecName } from './vary.js';
import type { Presets, VaryOption } from './vary.js';

export interface ConditionRequest {
  files: string[];
  tune: TuneField[];
  vary: VaryOption[];
  presets: Presets;
  /** `--steps`: written into each spec (replacing `epochs`), so the stored IR says what ran. */
  steps?: number;
}

export interface BuiltConditions {
  conditions: Condition[];
  diagnostics: Diagnostic[];
  /** Texts of every compiled spec by file name, for code frames. */
  sources: Map<string, string>;
}

interface Candidate {
  file: string;
  label: string;
  doc: Document;
  variant?: { names: Record<string, string>; diff: string };
}

/**
 * A shorter or longer budget keeps the curve's shape: eval_every scales with it (the spec's 1000 steps
 * at eval_every 100 become 40 steps at eval_every 4, ten points either way), never below 1. Without a
 * stated step count (epochs), eval_every is capped so the curve still has ten points.
 */
function overrideSteps(doc: Document, steps: number | undefined): void {
  if (steps === undefined || !doc.has('training')) return;
  const specSteps = doc.getIn(['training', 'steps']);
  const evalEvery = doc.getIn(['training', 'eval_every']);
  doc.deleteIn(['training', 'epochs']);
  doc.setIn(['training', 'steps'], steps);
  if (typeof evalEvery !== 'number') return;
  const scaled = typeof specSteps === 'number' && specSteps > 0 ? Math.round((evalEvery * steps) / specSteps) : Math.min(evalEvery, Math.floor(steps / 10));
  doc.setIn(['training', 'eval_every'], Math.max(1, scaled));
}

function relabel(diagnostic: Diagnostic, file: string, shown: string): Diagnostic {
  const at = <T extends { file: string }>(location: T): T => (location.file === file ? { ...location, file: shown } : location);
  return {
    ...diagnostic,
    ...(diagnostic.location ? { location: at(diagnostic.location) } : {}),
    ...(diagnostic.related ? { related: diagnostic.related.map((r) => ({ ...r, location: at(r.location) })) } : {}),
  };
}

function uniqueId(label: string, taken: Set<string>): string {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'spec';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function candidatesOf(file: string, doc: Document, request: ConditionRequest, multipleFiles: boolean): Candidate[] {
  const specName = String(doc.get('name') ?? file);
  if (request.vary.length === 0) return [{ file, label: specName, doc }];
  const baseText = specTextOf(doc);
  for (const option of request.vary) {
    if (option.field && !tuneFieldApplies(doc, { field: option.axis, path: option.field.path, values: option.field.values })) {
      throw new InputError(`--vary ${option.axis}: ${file} has no ${option.field.path.slice(0, -1).join('.') || 'top level'} to set it in`);
    }
  }
  return variantChoices(request.vary, request.presets).map((choice) => {
    const variantDoc = applyVariant(doc, request.presets, choice, request.vary);
    variantDoc.set('name', variantSpecName(specName, choice));
    const label = multipleFiles ? `${specName} ${variantLabel(choice)}` : variantLabel(choice);
    const diff = unifiedDiff(baseText, specTextOf(variantDoc), file, `${file} (${variantLabel(choice)})`);
    return { file, label, doc: variantDoc, variant: { names: choice, diff } };
  });
}

export async function buildConditions(request: ConditionRequest, compileSpecText: CompileSpecText): Promise<BuiltConditions> {
  const budgetField = [...request.vary.flatMap((v) => (v.field ? [v.field.path] : [])), ...request.tune.map((t) => t.path)].find(isBudgetPath);
  if (request.steps !== undefined && budgetField) {
    throw new InputError(`--steps ${request.steps} and a --vary/--tune axis over ${budgetField.join('.')} both set the budget: give one`);
  }
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const candidates: Candidate[] = [];
  for (const file of request.files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    sources.set(file, text);
    const base = compileSpecText(file, text);
    if (!base.ir) {
      diagnostics.push(...base.diagnostics);
      continue;
    }
    const doc = parseDocument(text);
    overrideSteps(doc, request.steps);
    candidates.push(...candidatesOf(file, doc, request, request.files.length > 1));
  }
  if (diagnostics.length) return { conditions: [], diagnostics, sources };

  for (const field of request.tune) {
    if (!candidates.some((c) => tuneFieldApplies(c.doc, field))) {
      throw new InputError(`--tune ${field.field}: no spec has a ${field.path.slice(0, -1).join('.') || 'top level'} to set it in`);
    }
  }

  // Two spec files with the same `name` are told apart by their paths.
  const labels = candidates.map((c) => c.label);
  for (const candidate of candidates) {
    if (labels.filter((l) => l === candidate.label).length > 1) candidate.label = `${candidate.file} ${candidate.label}`.trim();
  }
  const taken = new Set<string>();
  const conditions: Condition[] = [];
  for (const candidate of candidates) {
    const points: GridPoint[] = [];
    for (const values of gridFor(candidate.doc, request.tune)) {
      const specText = applyGridPoint(candidate.doc, request.tune, values);
      const compiled = compileSpecText(candidate.file, specText);
      if (!compiled.ir) {
        // Errors are reported against the edited text, which is what a code frame must show; a
        // variant's under its own name (`spec.yaml (gal)`), so each frame shows its own variant's text.
        const shown = candidate.variant ? `${candidate.file} (${candidate.label})` : candidate.file;
        sources.set(shown, specText);
        diagnostics.push(...compiled.diagnostics.map((d) => (shown === candidate.file ? d : relabel(d, candidate.file, shown))));
        continue;
      }
      points.push({ index: points.length, values, specText, ir: compiled.ir });
    }
    conditions.push({
      id: uniqueId(candidate.label, taken),
      label: candidate.label,
      file: candidate.file,
      ...(candidate.variant ? { variant: candidate.variant } : {}),
      points,
    });
  }
  return { conditions: diagnostics.length ? [] : conditions, diagnostics, sources };
}
