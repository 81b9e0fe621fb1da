/** "Did you mean" suggests only spellings of the same operation; another operation is named as the nearest alternative. */
import { describe, expect, it } from 'vitest';
import { suggestName } from '../../src/compiler/spec/name-suggestions.js';
import { compile, mutate, only, positionOf } from './helpers.js';

describe('suggestName', () => {
  it('a typo of an accepted name', () => {
    expect(suggestName('rleu', ['relu', 'gelu'])).toBe('; did you mean "relu"?');
    expect(suggestName('dropuot', ['dense', 'dropout'])).toBe('; did you mean "dropout"?');
  });

  it('another library\'s name of the same operation', () => {
    expect(suggestName('avg_pool2d', ['max_pool2d', 'average_pool2d'])).toBe('; did you mean "average_pool2d"?');
    expect(suggestName('binary_crossentropy', ['sigmoid_cross_entropy', 'binary_cross_entropy'])).toBe('; did you mean "binary_cross_entropy"?');
    expect(suggestName('kaiming_normal', ['he_normal', 'he_uniform'])).toBe('; did you mean "he_normal"?');
    expect(suggestName('GlobalAveragePooling2D', ['global_average_pool2d'])).toBe('; did you mean "global_average_pool2d"?');
    expect(suggestName('ReduceLROnPlateau', ['inverse_time_decay', 'reduce_on_plateau'])).toBe('; did you mean "reduce_on_plateau"?');
  });

  it('never a different operation as a spelling: the nearest alternative is called so, or nothing', () => {
    expect(suggestName('avg_pool2d', ['max_pool2d'])).toBe('; the nearest supported alternative is "max_pool2d" (the maximum, not the mean, of each window)');
    expect(suggestName('binary_crossentropy', ['softmax_cross_entropy', 'sigmoid_cross_entropy'])).toBe(
      '; the nearest supported alternative is "sigmoid_cross_entropy" (one sigmoid unit, binary classification)',
    );
    expect(suggestName('leaky_relu', ['relu', 'elu'])).toContain('nearest supported alternative is "relu"');
    expect(suggestName('Convolution1D', ['conv2d', 'conv1d'])).toBe('; did you mean "conv1d"?');
    // Not in any table: edit distance, but not when a whole word is replaced.
    expect(suggestName('sum_pool2d', ['max_pool2d'])).toBe('');
    expect(suggestName('kaiming_normal', ['glorot_normal'])).toBe('');
  });
});

describe('in schema diagnostics', () => {
  it('loss: binary_crossentropy is not "did you mean sigmoid_cross_entropy"', () => {
    const text = mutate('loss: softmax_cross_entropy', 'loss: binary_crossentropy');
    const diagnostic = only(compile(text).diagnostics);
    expect(diagnostic.message).not.toContain('did you mean "sigmoid_cross_entropy"');
    expect(diagnostic.message).toMatch(/got "binary_crossentropy"; (did you mean "binary_cross_entropy"\?|the nearest supported alternative is "sigmoid_cross_entropy" \(one sigmoid unit, binary classification\))$/);
  });

  it('an unknown schedule is one diagnostic at its name, listing the schedules (no missing-field noise)', () => {
    const text = mutate('learning_rate: 0.1', 'learning_rate: {schedule: step_decay_unknown, initial: 0.1}');
    const diagnostic = only(compile(text).diagnostics);
    expect(diagnostic.message).toBe('training.optimizer.learning_rate: unknown schedule "step_decay_unknown"');
    expect(diagnostic.hint).toMatch(/^one of exponential_decay, warmup_cosine/);
    expect(diagnostic.location).toMatchObject(positionOf(text, 'step_decay_unknown'));
  });

  it('a misspelled schedule is suggested', () => {
    const text = mutate('learning_rate: 0.1', 'learning_rate: {schedule: exponential_decya, initial: 0.1, decay_steps: 10, decay_rate: 0.5}');
    expect(only(compile(text).diagnostics).message).toBe('training.optimizer.learning_rate: unknown schedule "exponential_decya"; did you mean "exponential_decay"?');
  });
});
