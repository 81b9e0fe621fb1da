/** Spec positions for comments in generated code: the one place the plan turns IR lines into SpecLines. */
import type { ModelIR, Origin } from '../../ir/types.js';
import type { SpecLine } from '../plan.js';

export function specLine(ir: ModelIR, line: number): SpecLine {
  return { file: ir.source.file, line };
}

/** The line of the key/value that asked for a regularizer or constraint. */
export function originLine(ir: ModelIR, origin: Origin): SpecLine {
  return specLine(ir, origin.entryRef.location.line);
}
