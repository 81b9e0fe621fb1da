import type { OptimizerIR } from '../../ir/types.js';
import { fmt } from '../init-stats.js';
import type { Rule } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

const ADAPTIVE = new Set<OptimizerIR['type']>(['adam', 'adamw', 'rmsprop']);

function initialRate(optimizer: OptimizerIR): { value: number; path: string[]; words: string } {
  const rate = optimizer.learningRate;
  return rate.kind === 'constant'
    ? { value: rate.value, path: ['learning_rate'], words: 'learning_rate' }
    : { value: rate.initial, path: ['learning_rate', 'initial'], words: 'the schedule\'s initial rate' };
}

const spec = (optimizer: string) =>
  exampleSpec({
    layers: ['{type: dense, units: 512, activation: relu}', '{type: dense, units: 10}'],
    training: `{loss: softmax_cross_entropy, optimizer: ${optimizer}, epochs: 10}`,
  });

export const learningRateOutOfRange: Rule = {
  id: 'learning-rate-out-of-range',
  severity: 'warning',
  fixable: false,
  options: {
    adaptiveMax: { default: 0.05, minimum: 0, description: 'warn when adam, adamw or rmsprop starts at this rate or above' },
    sgdMax: { default: 1, minimum: 0, description: 'warn when sgd starts above this rate' },
    min: { default: 1e-6, minimum: 0, description: 'warn when any optimizer starts below this rate' },
  },
  messages: {
    tooHigh:
      '{{optimizer}} {{words}} {{rate}} is {{times}}× its usual default {{default}}; {{optimizer}} diverges or stalls at rates this large (warns at {{limit}} and above)',
    tooHighSgd: 'sgd {{words}} {{rate}} is above {{limit}}: each step moves the weights by more than the gradient itself, and training usually diverges',
    tooLow: '{{optimizer}} {{words}} {{rate}} is below {{limit}}: the weights barely move in the steps the spec trains for',
  },
  docs: {
    summary: 'A learning rate (or a schedule\'s initial rate) far outside what its optimizer trains with: adam/adamw/rmsprop at 0.05 or more, sgd above 1, any optimizer below 1e-6.',
    rationale:
      'Adaptive optimizers take steps of about the learning rate in every weight whatever the gradient\'s scale, so their defaults sit near 0.001; 50× that overshoots every minimum.',
    whatItDoes:
      'Compares the optimizer\'s constant rate, or an exponential_decay schedule\'s initial rate, with per-optimizer bounds: ' +
      '`adaptiveMax` (0.05) for adam, adamw and rmsprop, `sgdMax` (1.0) for sgd, `min` (1e-6) for all. The finding points at the rate.',
    whyIsThisBad:
      'Adam normalizes each weight\'s step by the running root mean square of its gradient, so a step is about lr in every ' +
      'weight regardless of the loss scale (Kingma & Ba 2015, §2.1): at lr 0.1 every weight moves by ~0.1 a step, far more ' +
      'than a Glorot-scaled weight of a 512-unit layer (~0.05) is worth. The evidence for the bounds: the published defaults are ' +
      'Adam 0.001 (Kingma & Ba 2015; Keras; PyTorch), AdamW 0.001 (PyTorch), RMSprop 0.001 (Keras) and ' +
      '0.01 (PyTorch), SGD 0.01 (Keras); PyTorch\'s documentation calls 1e-3 to 1e-4 typical for Adam. The official examples ' +
      'translated in test/lint/real-world train Adam at 0.001, RMSprop at 0.0001–0.001 and SGD at 0.01–0.64, and mlpc\'s ' +
      'own specs use SGD 0.05–0.5. Reports of failure start at Adam 0.1 (a learning-rate sweep failing at 51% on a binary task, ' +
      'darkflow users with NaN losses at 0.1 and 0.3, a language model fixed by returning Adam from 1.0 to 0.001). SGD is scale-sensitive instead: the largest stable rate depends on the loss curvature, and Goyal et al. (2017) ' +
      'scale it with the batch (0.1 × batch/256, so 3.2 at batch 8,192), hence the wide bound. Below 1e-6 no optimizer moves ' +
      'the weights measurably within a normal training run. The corpus has one published network this rule flags that trains ' +
      'anyway (Nielsen\'s sigmoid network with quadratic cost and SGD 3.0, whose gradients are small): raise `sgdMax` there.',
    example: spec('{type: adam, learning_rate: 0.1}'),
    useInstead: spec('{type: adam, learning_rate: 0.001}'),
    fixSafety: 'No fix: the right rate depends on the model and the batch size.',
    references: [
      { title: 'Kingma & Ba 2015, Adam: A Method for Stochastic Optimization, ICLR (default α = 0.001, §2.1 on the step size)', url: 'https://arxiv.org/abs/1412.6980' },
      { title: 'Keras optimizer defaults: SGD lr 0.01, RMSprop 0.001, Adam 0.001 (kerasR reference)', url: 'https://rdrr.io/cran/kerasR/man/Optimizers.html' },
      { title: 'PyTorch forums: PyTorch\'s RMSprop default lr is 10× Keras\'s', url: 'https://discuss.pytorch.org/t/pytorch-comparable-but-worse-than-keras-on-a-simple-feed-forward-network/9928/4' },
      { title: 'PyTorch C++ docs, adaptive optimizers: Adam lr typical 1e-3 to 1e-4', url: 'https://docs.pytorch.org/cppdocs/api/optim/adaptive.html' },
      { title: 'Goyal et al. 2017, Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour (linear scaling rule)' },
      { title: 'Learning-rate sweep with Adam: 0.1 fails to learn (~51%), 0.001 most stable', url: 'https://sanaat.mintlify.app/docs/experiments/learning-rate' },
      { title: 'rajveermalviya/language-modeling#3: Adam at 1.0 does not train, 0.001 does', url: 'https://github.com/rajveermalviya/language-modeling/issues/3' },
    ],
  },
  check({ ir, source, options, report }) {
    const optimizer = ir.training.optimizer;
    const { value, path, words } = initialRate(optimizer);
    const location = source.locate([...optimizer.ref.path, ...path]);
    const min = options.min ?? 1e-6;
    if (ADAPTIVE.has(optimizer.type)) {
      const limit = options.adaptiveMax ?? 0.05;
      if (value >= limit) {
        report({
          messageId: 'tooHigh',
          data: { optimizer: optimizer.type, words, rate: value, times: fmt(value / 0.001), default: 0.001, limit },
          location,
          hint: `Start from ${optimizer.type}'s default 0.001 (try 1e-4 to 1e-2).`,
        });
        return;
      }
    } else if (value > (options.sgdMax ?? 1)) {
      report({ messageId: 'tooHighSgd', data: { words, rate: value, limit: options.sgdMax ?? 1 }, location, hint: 'Try 0.01 to 0.1 (scaled up with the batch size, Goyal et al. 2017).' });
      return;
    }
    if (value < min) {
      report({ messageId: 'tooLow', data: { optimizer: optimizer.type, words, rate: value, limit: min }, location, hint: 'Rates of 1e-5 to 1e-1, depending on the optimizer, are what models train with.' });
    }
  },
};
