import type { RelatedLocation } from '../../diagnostics/diagnostic.js';
import type { ModelIR, ParameterIR, RegularizerIR } from '../../ir/types.js';
import { expectedAbs, expectedSquare, fmt, thousands } from '../init-stats.js';
import { describeOrigin, originKey } from '../origins.js';
import type { Rule } from '../rule.js';
import { deepLearningBook, heInitialization, l2AndDropoutStudy } from '../references.js';
import { KERNEL_L2, exampleSpec } from '../example-spec.js';

/** The data loss of a prediction that knows nothing yet: uniform class probabilities, or zero outputs for MSE on one-hot targets. */
export function expectedInitialDataLoss(ir: ModelIR): { value: number; words: string } {
  const classes = ir.data.classes;
  if (ir.training.loss === 'softmax_cross_entropy') return { value: Math.log(classes), words: `ln ${classes} = ${Math.log(classes).toFixed(3)}` };
  // The data's scale decides a regression loss: no expectation without looking at the targets.
  if (ir.training.target !== undefined && ir.training.loss !== 'binary_cross_entropy') return { value: Number.NaN, words: 'unknown (real-valued targets)' };
  if (ir.training.loss === 'sigmoid_cross_entropy' || ir.training.loss === 'binary_cross_entropy') return { value: Math.LN2, words: `ln 2 = ${Math.LN2.toFixed(3)}` };
  return { value: 1 / classes, words: `1/${classes} = ${fmt(1 / classes)} (zero outputs on one-hot targets)` };
}

/** λ·Σw² (l2) or λ·Σ|w| (l1) over a parameter's initial values, in expectation. */
export function expectedPenalty(param: ParameterIR, regularizer: RegularizerIR): number {
  const perWeight = regularizer.kind === 'l2' ? expectedSquare(param.init) : expectedAbs(param.init);
  return regularizer.lambda * param.count * perWeight;
}

interface Contribution {
  param: ParameterIR;
  regularizer: RegularizerIR;
  penalty: number;
}

const spec = (kernelInit: string) =>
  exampleSpec({ layers: [`{type: dense, name: hidden, units: 1024, activation: relu, kernel_init: ${kernelInit}}`, '{type: dense, units: 10}'], after: KERNEL_L2 });

export const regularizationDominatesLoss: Rule = {
  id: 'regularization-dominates-loss',
  severity: 'warning',
  fixable: false,
  messages: {
    penaltyDominates:
      'expected initial penalty {{total}} is {{ratio}}× the expected initial data loss {{dataLoss}} (warns above {{threshold}}×); ' +
      '{{param}} alone adds {{penalty}} = {{kind}} {{lambda}} × {{count}} weights × {{perWeight}}',
  },
  options: {
    ratio: { default: 10, minimum: 0, description: 'warn when the expected initial penalty exceeds this many times the expected initial data loss' },
  },
  docs: {
    summary: 'The expected initial L1/L2 penalty is more than 10× the expected initial data loss (ln C for C classes).',
    rationale: 'When the penalty starts orders of magnitude above the data loss, the first thousands of steps only shrink weights, and the λ that seemed small mostly measures the init scale.',
    whatItDoes:
      'Computes the expected penalty at step 0 from the initializers: for L2, λ · count · E[w²] with E[w²] = mean² + stddev² ' +
      'of the values drawn; for L1, λ · count · E[|w|]. Sums it over every penalized parameter and compares it with the data ' +
      'loss of an uninformed prediction: ln C for softmax cross-entropy over C classes, ln 2 for sigmoid cross-entropy, 1/C for ' +
      'mean squared error on one-hot targets. Warns when the ratio exceeds the `ratio` option (default 10). The finding points at the ' +
      'regularization entry that contributes most; the others and the dominant initializer are related locations.',
    whyIsThisBad:
      'The gradient of the total loss is then mostly the penalty\'s: plain weight shrinkage. With SGD each step multiplies the ' +
      'weights by (1 - 2·η·λ) until the penalty falls to the data loss\'s size, and the data gradient is a small share of ' +
      'each update meanwhile. (ln C is the loss of an uninformed prediction; a badly scaled init makes the actual initial ' +
      'data loss larger too, which init-scale reports.) The ' +
      'motivating spec (L2 0.0005 on a 784×1024 kernel drawn with stddev 1.0) starts with a penalty of about 311 against ' +
      'ln 10 = 2.30: over 100× the data loss. Fix the init (He/Glorot) first; then λ means what it says.',
    example: spec('{type: truncated_normal, stddev: 1.0}'),
    useInstead: spec('he_normal'),
    fixSafety: 'No fix: lowering λ or changing the initializer are both modelling decisions.',
    references: [deepLearningBook('§7.1.1 L2 Parameter Regularization', 'regularization'), heInitialization, l2AndDropoutStudy],
  },
  check({ ir, report, options }) {
    const threshold = options.ratio ?? 10;
    const contributions: Contribution[] = ir.parameters.flatMap((param) =>
      param.regularizers.map((regularizer) => ({ param, regularizer, penalty: expectedPenalty(param, regularizer) })),
    );
    const total = contributions.reduce((sum, c) => sum + c.penalty, 0);
    const dataLoss = expectedInitialDataLoss(ir);
    const ratio = total / dataLoss.value;
    if (!(ratio > threshold)) return;
    const byOrigin = new Map<string, Contribution[]>();
    for (const c of contributions) byOrigin.set(originKey(c.regularizer.origin), [...(byOrigin.get(originKey(c.regularizer.origin)) ?? []), c]);
    const ranked = [...byOrigin.values()]
      .map((items) => ({ items, penalty: items.reduce((sum, c) => sum + c.penalty, 0) }))
      .sort((a, b) => b.penalty - a.penalty);
    const top = ranked[0]!;
    const dominant = [...top.items].sort((a, b) => b.penalty - a.penalty)[0]!;
    const { param, regularizer } = dominant;
    const perWeight = regularizer.kind === 'l2' ? `E[w²] ${fmt(expectedSquare(param.init))}` : `E[|w|] ${fmt(expectedAbs(param.init))}`;
    const related: RelatedLocation[] = ranked.slice(1).filter((group) => group.penalty > 0).map((group) => ({
      message: `${describeOrigin(group.items[0]!.regularizer.origin)} adds ${fmt(group.penalty)}`,
      location: group.items[0]!.regularizer.origin.ref.location,
    }));
    if (param.init.ref) {
      related.push({
        message: `${param.id}'s initializer ${param.init.type} draws values with mean ${fmt(param.init.mean)}, stddev ${fmt(param.init.effectiveStddev)}`,
        location: param.init.ref.location,
      });
    }
    report({
      messageId: 'penaltyDominates',
      data: {
        total: fmt(total),
        ratio: fmt(ratio),
        dataLoss: dataLoss.words,
        threshold,
        param: param.id,
        penalty: fmt(dominant.penalty),
        kind: regularizer.kind,
        lambda: regularizer.lambda,
        count: thousands(param.count),
        perWeight,
      },
      location: regularizer.origin.ref.location,
      related,
      hint: 'Initialize with he_normal/glorot_uniform (scaled to the fans) or lower λ; the penalty then starts below the data loss.',
    });
  },
};
