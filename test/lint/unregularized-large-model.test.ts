import { ruleTester, spec } from './rule-tester.js';

const big = 'model:\n  input: [8]\n  layers:\n    - {type: dense, units: 512, activation: relu}\n    - {type: dense, units: 3}\n';

/** Token files that do not exist here: the IR's data.train is 0 (unknown). */
const tokens = 'mlpc: 2\nname: t\ndata: {source: tokens, train_path: missing/train.bin, validation_path: missing/val.bin, dtype: uint16, vocabulary: 65, block_size: 16}\n' +
  'model:\n  input: [16]\n  layers:\n    - {type: embedding, vocabulary: 65, width: 256}\n    - {type: dense, units: 65}\ntraining: {loss: softmax_cross_entropy, optimizer: {type: adam}, batch_size: 64, steps: 10}\n';

ruleTester('unregularized-large-model', {
  valid: [
    { name: 'small model', code: spec('model:\n  input: [8]\n  layers:\n    - {type: dense, units: 3}\n') },
    { name: 'big model with L2', code: spec(`${big}regularization:\n  - {params: "*.kernel", l2: 0.0001}\n`) },
    { name: 'token files not readable at compile time: data.train 0 means unknown, not empty', code: tokens },
  ],
  invalid: [
    {
      name: '6,147 parameters for 200 examples',
      code: spec(big),
      // 8*512 + 512 + 512*3 + 3 = 6,147 parameters; 6147 / 200 = 30.7.
      errors: [{ messageId: 'unregularized', line: 8, column: 5, data: { params: '6,147', examples: 200, times: 30.7 } }],
    },
  ],
});
