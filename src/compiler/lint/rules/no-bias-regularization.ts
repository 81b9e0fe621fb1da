import { PENALTY_MESSAGES, reportPenalties } from '../report-penalties.js';
import type { Rule } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

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
