/**
 * Dropout-aware L2 in trainingStep (runtime: src/runtime/dropout-aware-l2.ts). Its gradient needs the
 * step's dropout masks, which live in trainingStep, so the step adds it to the data-loss gradient (the
 * plan's stepGradients): the usage U of each penalized parameter's weights (the fraction of the batch's
 * examples that used each weight), then the gradient entry dW + 2λ·U⊙w.
 */
import type { PenaltyPlan } from '../plan.js';
import type { TfjsLayerStep } from './tfjs-plan.js';
import { type PrintContext, lineText } from './context.js';
import { numberLiteral } from './literals.js';
import { type NameScope, camelCase } from './scope.js';

type DropoutAwarePenalty = Extract<PenaltyPlan, { kind: 'dropout_aware_l2' }>;

export interface DropoutAwareStep {
  /** Statements after the backward pass: one usage tensor per penalized parameter. */
  lines: string[];
  /** Parameter id → the comment of its gradient entry, naming the terms with their spec lines. */
  comments: Map<string, string>;
}

/**
 * Usage statements, and each penalized parameter's entry in `gradientOf` replaced by the data-loss
 * gradient plus the terms' gradients.
 */
export function dropoutAwareStep(
  context: PrintContext,
  scope: NameScope,
  forwardNames: ReadonlyMap<TfjsLayerStep, string>,
  params: string,
  gradientOf: Map<string, string>,
): DropoutAwareStep {
  const { plan, names } = context;
  const lines: string[] = [];
  const comments = new Map<string, string>();
  const maskOf = (penalty: DropoutAwarePenalty, side: 'units' | 'inputs'): string => {
    const mask = penalty.masks.find((candidate) => candidate.side === side);
    if (!mask) return 'null';
    const layer = plan.layers.find((candidate) => candidate.name === mask.layer);
    const forward = layer && forwardNames.get(layer);
    if (!forward) throw new Error(`internal: no dropout layer ${mask.layer} in the training step`);
    return `${forward}.cache.scaledMask`;
  };
  for (const update of plan.update.parameters) {
    if (update.stepGradients.length === 0) continue;
    const terms = update.stepGradients.map((id) => {
      const penalty = plan.penalties.find((candidate) => candidate.id === id);
      if (penalty?.kind !== 'dropout_aware_l2') throw new Error(`internal: ${id} is not a dropout-aware penalty`);
      return penalty;
    });
    const parameter = context.parameter(update.parameter);
    const usage = scope.claim(`${camelCase(parameter.layer)}${parameter.param.charAt(0).toUpperCase()}${camelCase(parameter.param).slice(1)}Usage`);
    // Every term on one parameter sees the same dropout layers around it: the first one's masks are theirs.
    const units = maskOf(terms[0], 'units');
    const call =
      parameter.param === 'kernel'
        ? `${context.rt('kernelUsage')}(${units}, ${maskOf(terms[0], 'inputs')})`
        : `${context.rt('biasUsage')}(${units})`;
    if (lines.length === 0) lines.push('// Dropout-aware L2: each weight is penalized in proportion to the examples whose dropout masks used it.');
    lines.push(`const ${usage} = ${call};`);
    const param = context.access(params, parameter.id);
    const gradients = terms.map((term) => `${context.rt('dropoutAwareL2Gradient')}(${numberLiteral(term.coefficient)}, ${param}, ${usage})`);
    gradientOf.set(parameter.id, `${names.tf}.addN([${[gradientOf.get(parameter.id), ...gradients].join(', ')}])`);
    const termName = (id: string) => context.penaltyNames.get(id) ?? camelCase(id);
    comments.set(parameter.id, terms.map((term) => `${termName(term.id)}: 2λ·U⊙w, dropout-aware (${lineText(term.line)})`).join(', '));
  }
  return { lines, comments };
}
