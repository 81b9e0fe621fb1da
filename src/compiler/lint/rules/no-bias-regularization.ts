import type { ParameterIR } from '../../ir/types.js';
import { describeOrigin, groupByOrigin, listIds } from '../origins.js';
import { kernelsOnlyFix } from '../penalty-fixes.js';
import type { Rule, RuleContext } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

function plural(noun: string, count: number): string {
  if (count === 1) return noun;
  return noun.endsWith('s') ? `${noun}es` : `${noun}s`;
}

/** The messages reportPenalties reports with; both rules that use it declare them. */
export const PENALTY_MESSAGES = {
  penalty: '{{origin}} puts {{kinds}} on {{which}} {{noun}} {{params}}',
  weightDecay: "adamw's weight_decay {{weightDecay}} also decays the {{noun}} {{params}}",
} as const;

/** Shared by no-bias-regularization and no-norm-regularization: penalties on parameters that should have none. */
export function reportPenalties(context: RuleContext, isTarget: (param: ParameterIR) => boolean, noun: string): void {
  const { ir, source } = context;
  const targets = ir.parameters.filter((param) => param.trainable && isTarget(param));
  const penalties = targets.flatMap((param) => [
    ...param.regularizers.map((r) => ({ param, item: { origin: r.origin, words: `${r.kind} ${r.lambda}` } })),
    ...param.constraints.map((c) => ({
      param,
      item: { origin: c.origin, words: c.kind === 'max_norm' ? `max_norm ${c.maxValue}` : c.kind },
    })),
  ]);
  for (const group of groupByOrigin(penalties)) {
    const ids = [...new Set(group.entries.map((entry) => entry.param.id))];
    const kinds = [...new Set(group.entries.map((entry) => entry.item.words))];
    const fix = kernelsOnlyFix(ir, source, group.origin);
    context.report({
      messageId: 'penalty',
      data: { origin: describeOrigin(group.origin), kinds: kinds.join(' and '), which: ids.length === 1 ? 'the' : ids.length, noun: plural(noun, ids.length), params: listIds(ids) },
      location: group.origin.ref.location,
      hint: noun === 'bias'
        ? 'Biases are few and do not cause overfitting; penalizing them only pulls units towards zero output. Select kernels only: params: "*.kernel".'
        : 'batch_norm gamma and beta set each unit\'s scale and shift; a penalty fights the normalization instead of limiting capacity.',
      fix,
    });
  }
  const decayed = targets.filter((param) => param.weightDecay);
  if (decayed.length > 0 && ir.training.optimizer.type === 'adamw') {
    context.report({
      messageId: 'weightDecay',
      data: { weightDecay: ir.training.optimizer.weightDecay, noun: plural(noun, decayed.length), params: listIds(decayed.map((p) => p.id)) },
      location: ir.training.optimizer.ref.location,
      hint: noun === 'bias' ? 'Add exclude: ["*.bias"] to the optimizer.' : 'Add exclude: ["*.gamma", "*.beta"] to the optimizer.',
    });
  }
}

export const noBiasRegularization: Rule = {
  id: 'no-bias-regularization',
  severity: 'warning',
  fixable: true,
  messages: PENALTY_MESSAGES,
  docs: {
    summary: 'An L1/L2 penalty, decoupled weight decay or max-norm constraint on a bias.',
    rationale: 'Biases are a tiny share of the parameters and do not overfit; penalizing them only biases units towards zero (Goodfellow et al. 2016, §7.1).',
    whatItDoes:
      'Flags every regularization rule, layer shorthand (bias_regularizer), constraint or adamw weight decay that reaches a bias parameter.',
    whyIsThisBad:
      'Weight penalties limit how strongly a unit responds to its inputs; a bias has no input to overfit to. ' +
      'There are few of them (1,034 of 814,090 parameters in the 784-1024-10 MLP), so penalizing them buys no ' +
      'regularization, while shrinking them towards zero shifts every unit\'s operating point, which costs accuracy ' +
      'with ReLU units whose bias decides whether they fire. Standard practice (and Keras\'s default) is to leave biases unregularized.',
    example: exampleSpec({
      layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'],
      after: 'regularization:\n  - {params: \"*.kernel\", l2: 0.0005}\n  - {params: \"*.bias\", l2: 0.0005}',
    }),
    useInstead: exampleSpec({
      layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'],
      after: 'regularization:\n  - {params: \"*.kernel\", l2: 0.0005}',
    }),
    fixSafety:
      'Safe: removes the entry when it only reaches biases, narrows its params to the kernels it also reaches ' +
      '(e.g. "*" becomes "*.kernel"), or removes a layer\'s bias_regularizer. Weight decay on biases is not fixed automatically.',
    references: [
      { title: 'Goodfellow, Bengio & Courville 2016, Deep Learning, §7.1 Parameter Norm Penalties', url: 'https://www.deeplearningbook.org/contents/regularization.html' },
      { title: 'Srivastava et al. 2014, Dropout: A Simple Way to Prevent Neural Networks from Overfitting, JMLR 15', url: 'https://jmlr.org/papers/v15/srivastava14a.html' },
      { title: 'mlpc study: does L2 + dropout help? (the question\'s 784-1024-10 net at 500 / 2,000 / 8,000 MNIST digits)', url: 'docs/l2-and-dropout.md' },
    ],
  },
  check(context) {
    reportPenalties(context, (param) => param.param === 'bias', 'bias');
  },
};
