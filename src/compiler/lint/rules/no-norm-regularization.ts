import type { Rule } from '../rule.js';
import { batchNormPaper, decoupledWeightDecay } from '../references.js';
import { PENALTY_MESSAGES, reportPenalties } from '../report-penalties.js';
import { KERNEL_L2, exampleSpec } from '../example-spec.js';

const spec = (regularization: string) =>
  exampleSpec({
    layers: ['{type: dense, units: 256, use_bias: false}', '{type: batch_norm, name: bn}', '{type: activation, activation: relu}', '{type: dense, units: 10}'],
    after: regularization,
  });

export const noNormRegularization: Rule = {
  id: 'no-norm-regularization',
  severity: 'warning',
  fixable: true,
  messages: PENALTY_MESSAGES,
  docs: {
    summary: 'An L1/L2 penalty, decoupled weight decay or constraint on a batch_norm or layer_norm gain (gamma) or bias (beta).',
    rationale: "gamma and beta restore each unit's scale and shift after normalization; shrinking them fights the normalization rather than limiting capacity.",
    whatItDoes: 'Flags every regularization rule, constraint or adamw weight decay that reaches a batch_norm or layer_norm gamma or beta; weight decay is reported at the weight_decay line that decided it, with the exclude entries that missed the norms as related locations.',
    whyIsThisBad:
      'Batch normalization makes the layer\'s function invariant to the scale of the weights before it; gamma and beta are ' +
      'the only parameters that set the scale and offset of its output. An L2 penalty pulls gamma towards 0, i.e. towards ' +
      'switching the unit off, and beta towards 0, without reducing what the network can fit. ' +
      'Ioffe & Szegedy 2015 do not regularize them, and common training recipes exclude them from weight decay. The same holds for ' +
      'layer_norm gains: minGPT #23 and huggingface/transformers #4360, #16908 and #38922 decayed them because a no-decay list ' +
      'matched names ("LayerNorm.weight") the norms did not have; a selector by kind or rank cannot miss one.',
    example: spec('regularization:\n  - {params: "*", l2: 0.0005}   # reaches bn.gamma and bn.beta'),
    useInstead: spec(KERNEL_L2),
    fixSafety: 'Safe: narrows the entry\'s params to the kernels it reaches, or removes it when it reaches no kernel.',
    references: [
      batchNormPaper(),
      { title: 'minGPT issue 23: LayerNorm gains decayed by a name-based no-decay list', url: 'https://github.com/karpathy/minGPT/issues/23' },
      decoupledWeightDecay,
    ],
  },
  check(context) {
    reportPenalties(context, (param) => param.kind === 'norm_gain' || param.kind === 'norm_bias', 'normalization parameter');
  },
};
