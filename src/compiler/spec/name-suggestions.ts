/**
 * The "did you mean" of a misspelled name (layer type, activation, loss, optimizer, schedule,
 * initializer): only a spelling of the same operation. Edit distance alone proposed different
 * operations (avg_pool2d → max_pool2d, binary_crossentropy → sigmoid_cross_entropy, which then
 * rejected a 784-unit output), so names other libraries use are looked up first, and a name known
 * to be another operation is answered with the nearest supported alternative, called so.
 */
import { closestMatch } from './did-you-mean.js';

/** Keras, PyTorch and TensorFlow names of operations mlpc has under another spelling. */
const SAME_OPERATION: Record<string, string> = {
  avg_pool2d: 'average_pool2d', avgpool2d: 'average_pool2d', average_pooling2d: 'average_pool2d', averagepooling2d: 'average_pool2d',
  avg_pool1d: 'average_pool1d', avgpool1d: 'average_pool1d', average_pooling1d: 'average_pool1d', averagepooling1d: 'average_pool1d',
  maxpool2d: 'max_pool2d', max_pooling2d: 'max_pool2d', maxpooling2d: 'max_pool2d',
  maxpool1d: 'max_pool1d', max_pooling1d: 'max_pool1d', maxpooling1d: 'max_pool1d',
  global_avg_pool2d: 'global_average_pool2d', global_average_pooling2d: 'global_average_pool2d', globalaveragepooling2d: 'global_average_pool2d',
  adaptive_avg_pool2d: 'global_average_pool2d', adaptiveavgpool2d: 'global_average_pool2d',
  global_avg_pool1d: 'global_average_pool1d', global_average_pooling1d: 'global_average_pool1d', globalaveragepooling1d: 'global_average_pool1d',
  adaptive_avg_pool1d: 'global_average_pool1d', adaptiveavgpool1d: 'global_average_pool1d',
  global_max_pooling1d: 'global_max_pool1d', globalmaxpooling1d: 'global_max_pool1d',
  global_max_pooling2d: 'global_max_pool2d', globalmaxpooling2d: 'global_max_pool2d',
  conv_1d: 'conv1d', convolution1d: 'conv1d', conv_2d: 'conv2d', convolution2d: 'conv2d',
  batchnorm: 'batch_norm', batch_normalization: 'batch_norm', batchnorm1d: 'batch_norm', batchnorm2d: 'batch_norm',
  identity: 'linear', none: 'linear',
  categorical_crossentropy: 'softmax_cross_entropy', sparse_categorical_crossentropy: 'softmax_cross_entropy',
  cross_entropy: 'softmax_cross_entropy', crossentropy: 'softmax_cross_entropy', crossentropyloss: 'softmax_cross_entropy',
  softmax_crossentropy: 'softmax_cross_entropy',
  binary_crossentropy: 'binary_cross_entropy', bce: 'binary_cross_entropy', bce_with_logits: 'binary_cross_entropy',
  bcewithlogitsloss: 'binary_cross_entropy',
  mse: 'mean_squared_error', mseloss: 'mean_squared_error', mae: 'mean_absolute_error', l1loss: 'mean_absolute_error',
  huber_loss: 'huber', smooth_l1: 'huber',
  adam_w: 'adamw', rms_prop: 'rmsprop', gradient_descent: 'sgd',
  exponential: 'exponential_decay', exponentiallr: 'exponential_decay', cosine_with_warmup: 'warmup_cosine',
  reducelronplateau: 'reduce_on_plateau', reduce_lr_on_plateau: 'reduce_on_plateau', plateau: 'reduce_on_plateau',
  xavier_uniform: 'glorot_uniform', xavier_normal: 'glorot_normal', kaiming_uniform: 'he_uniform', kaiming_normal: 'he_normal',
  normal: 'random_normal', uniform: 'random_uniform', zero: 'zeros', one: 'ones',
};

interface OtherOperation {
  /** The alternative mlpc has (suggested only where it is accepted). */
  nearest: string;
  /** How the alternative differs. */
  differs: string;
}

/** Names of operations mlpc does not have; the last resort when SAME_OPERATION has no accepted spelling. */
const OTHER_OPERATION: Record<string, OtherOperation> = {
  binary_crossentropy: { nearest: 'sigmoid_cross_entropy', differs: 'one sigmoid unit, binary classification' },
  bce: { nearest: 'sigmoid_cross_entropy', differs: 'one sigmoid unit, binary classification' },
  mae: { nearest: 'mean_squared_error', differs: 'squared, not absolute, error' },
  mean_absolute_error: { nearest: 'mean_squared_error', differs: 'squared, not absolute, error' },
  huber: { nearest: 'mean_squared_error', differs: 'squared error everywhere' },
  gelu_new: { nearest: 'gelu', differs: 'the exact erf form, not the tanh approximation' },
  gelu_tanh: { nearest: 'gelu', differs: 'the exact erf form, not the tanh approximation' },
  leaky_relu: { nearest: 'relu', differs: 'zero, not a small slope, below 0' },
  relu6: { nearest: 'relu', differs: 'not capped at 6' },
  silu: { nearest: 'gelu', differs: 'x·Φ(x), not x·sigmoid(x)' },
  swish: { nearest: 'gelu', differs: 'x·Φ(x), not x·sigmoid(x)' },
  hard_sigmoid: { nearest: 'sigmoid', differs: 'the smooth logistic function' },
  nadam: { nearest: 'adam', differs: 'no Nesterov momentum' },
  adamax: { nearest: 'adam', differs: 'the L2, not the infinity, norm of past gradients' },
  adagrad: { nearest: 'rmsprop', differs: 'a moving average, not a sum, of squared gradients' },
  avg_pool2d: { nearest: 'max_pool2d', differs: 'the maximum, not the mean, of each window' },
};

/** The first entry of `names` that `choices` accepts. */
function accepted(name: string | undefined, choices: readonly string[]): string | undefined {
  return name !== undefined && choices.includes(name) ? name : undefined;
}

/**
 * Whether `candidate` replaces a whole word of `word` (avg_pool2d → max_pool2d): then it names
 * another operation, not a typo of this one.
 */
function replacesAWord(word: string, candidate: string): boolean {
  const words = word.toLowerCase().split('_');
  const others = candidate.toLowerCase().split('_');
  if (words.length !== others.length) return false;
  return words.some((part, i) => part !== others[i] && part.length >= 2 && [...part].every((letter, j) => others[i][j] !== letter));
}

/** `; did you mean "x"?`, `; mlpc has no "y": the nearest supported alternative is "z" (...)`, or the empty string. */
export function suggestName(value: string, choices: readonly string[]): string {
  const key = value.toLowerCase();
  const same = accepted(SAME_OPERATION[key], choices);
  if (same !== undefined) return `; did you mean "${same}"?`;
  const other = OTHER_OPERATION[key];
  if (other !== undefined) {
    return accepted(other.nearest, choices) === undefined ? '' : `; the nearest supported alternative is "${other.nearest}" (${other.differs})`;
  }
  if (SAME_OPERATION[key] !== undefined) return '';
  const match = closestMatch(value, choices);
  return match === undefined || replacesAWord(value, match) ? '' : `; did you mean "${match}"?`;
}
