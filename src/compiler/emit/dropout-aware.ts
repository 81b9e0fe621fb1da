/**
 * Dropout-aware L2 in the training step (runtime: src/runtime/dropout-aware-l2.ts). Its gradient
 * depends on the step's dropout masks, which live in trainingStep, so it is added to the data-loss
 * gradient there rather than in applyUpdates: the usage U of each penalized parameter's weights
 * (fraction of the batch's examples that used each weight), then grad = dW + 2λ·U⊙w.
 */
import type { LayerIR, ModelIR, ParameterIR } from '../ir/types.js';
import { forwardResultName } from './forward.js';
import type { PenaltyTerm } from './loss.js';
import { camelCase, numberLiteral, originLine, paramAccess, pascalCase } from './names.js';

/** A dropout-aware term with a dropout layer next to its parameter (without one it is plain L2). */
export function isMaskedTerm(term: PenaltyTerm): boolean {
  return (term.regularizer.dropoutAware?.masks.length ?? 0) > 0;
}

export function hasDropoutAwarePenalty(ir: ModelIR): boolean {
  return ir.parameters.some((parameter) => parameter.regularizers.some((r) => (r.dropoutAware?.masks.length ?? 0) > 0));
}

function usageName(parameter: ParameterIR): string {
  return `${camelCase(parameter.layer)}${pascalCase(parameter.param)}Usage`;
}

function maskOf(ir: ModelIR, parameter: ParameterIR, side: 'units' | 'inputs', term: PenaltyTerm): string {
  const mask = term.regularizer.dropoutAware?.masks.find((m) => m.side === side);
  const layer = mask && ir.layers.find((candidate): candidate is LayerIR => candidate.name === mask.layer);
  return layer ? `${forwardResultName(layer)}.cache.scaledMask` : 'null';
}

export interface DropoutAwareStep {
  /** Statements after the backward pass: one usage tensor per parameter. */
  lines: string[];
  /** Parameter id → what to add to its data-loss gradient, and a comment naming the terms. */
  gradients: Map<string, { expression: string; comment: string }>;
}

export function dropoutAwareStep(ir: ModelIR, terms: readonly PenaltyTerm[]): DropoutAwareStep {
  const masked = terms.filter(isMaskedTerm);
  const lines: string[] = [];
  const gradients = new Map<string, { expression: string; comment: string }>();
  for (const parameter of ir.parameters) {
    const own = masked.filter((term) => term.parameter === parameter);
    if (own.length === 0) continue;
    const usage = usageName(parameter);
    const units = maskOf(ir, parameter, 'units', own[0]);
    const call = parameter.param === 'kernel' ? `kernelUsage(${units}, ${maskOf(ir, parameter, 'inputs', own[0])})` : `biasUsage(${units})`;
    if (lines.length === 0) lines.push('// Dropout-aware L2: each weight is penalized in proportion to the examples whose dropout masks used it.');
    lines.push(`const ${usage} = ${call};`);
    const penalties = own.map(
      (term) => `dropoutAwareL2Gradient(${numberLiteral(term.regularizer.lambda)}, ${paramAccess(parameter)}, ${usage})`,
    );
    gradients.set(parameter.id, {
      expression: penalties.join(', '),
      comment: own.map((term) => `${term.name}: 2λ·U⊙w, dropout-aware (${originLine(ir, term.regularizer.origin)})`).join(', '),
    });
  }
  return { lines, gradients };
}
