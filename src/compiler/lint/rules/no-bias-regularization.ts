import { PENALTY_MESSAGES, reportPenalties } from '../report-penalties.js';
import type { Rule } from '../rule.js';
import { deepLearningBook, dropoutPaper, l2AndDropoutStudy } from '../references.js';
import { KERNEL_L2, exampleSpec } from '../example-spec.js';

const spec = (regularization: string) => exampleSpec({ layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'], after: regularization });

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
    example: spec(`${KERNEL_L2}\n  - {params: "*.bias", l2: 0.0005}`),
    useInstead: spec(KERNEL_L2),
    fixSafety:
      'Safe: removes the entry when it only reaches biases, narrows its params to the kernels it also reaches ' +
      '(e.g. "*" becomes "*.kernel"), or removes a layer\'s bias_regularizer. Weight decay on biases is not fixed automatically.',
    references: [deepLearningBook('§7.1 Parameter Norm Penalties', 'regularization'), dropoutPaper(), l2AndDropoutStudy],
  },
  check(context) {
    reportPenalties(context, (param) => param.param === 'bias', 'bias');
  },
};
