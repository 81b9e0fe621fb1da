/** Schema validation of a spec's plain data: every problem at once, each at its YAML node. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { validate } from './generated/spec-validator.js';
import { findKeepProb } from './keep-prob.js';
import { type RawError, simplifyErrors } from './schema-errors.js';
import { wordProblems } from './schema-wording.js';
import type { SpecDocument } from './spec-types.js';
import type { SpecSource } from './yaml-source.js';

interface CompiledValidator {
  (data: unknown): boolean;
  errors?: RawError[] | null;
}

export function validateSpec(data: unknown, source: SpecSource): { spec?: SpecDocument; diagnostics: Diagnostic[] } {
  const validator = validate as unknown as CompiledValidator;
  const keepProb = findKeepProb(data, source);
  if (validator(data) && keepProb.diagnostics.length === 0) return { spec: data as SpecDocument, diagnostics: [] };
  const rawErrors = (validator.errors ?? []).filter((error) => !isExplainedByKeepProb(error, keepProb.layers));
  const diagnostics = [...keepProb.diagnostics, ...wordProblems(simplifyErrors(rawErrors, data), source, data)];
  return { diagnostics };
}

/** A layer with keep_prob already has its own diagnostic: drop "unknown key keep_prob" and "missing rate". */
function isExplainedByKeepProb(error: RawError, layers: Set<number>): boolean {
  const match = /^\/model\/layers\/(\d+)$/.exec(error.instancePath);
  if (!match || !layers.has(Number(match[1]))) return false;
  return (
    (error.keyword === 'additionalProperties' && error.params.additionalProperty === 'keep_prob') ||
    (error.keyword === 'required' && error.params.missingProperty === 'rate')
  );
}
