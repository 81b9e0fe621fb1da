import { isMap, isScalar } from 'yaml';
import type { Rule } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

const spec = (rate: string) =>
  exampleSpec({
    layers: ['{type: dense, units: 100, activation: relu}', '{type: dense, units: 10}'],
    training: `{loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: ${rate}}, epochs: 10}`,
  });

const PATH = ['training', 'optimizer', 'learning_rate'];

export const scheduleTypeKey: Rule = {
  id: 'schedule-type-key',
  severity: 'info',
  fixable: true,
  messages: {
    olderSpelling: 'the schedule is named under `schedule:`, the older spelling; optimizers, initializers and schedules are all `{type: ...}`',
  },
  docs: {
    summary: 'A learning-rate schedule written {schedule: name, ...}, the older spelling of {type: name, ...}.',
    rationale: 'One spelling for every tagged mapping (optimizer, initializer, schedule) is one thing less to remember.',
    whatItDoes: 'Flags the key `schedule` of training.optimizer.learning_rate; --fix renames it to `type`, keeping the rest of the line.',
    whyIsThisBad:
      'Nothing breaks: both spellings mean the same schedule. But initializers and optimizers are {type: ...}, and users porting ' +
      'specs wrote {type: exponential_decay} and got an error; the older spelling stays accepted so existing specs keep working.',
    example: spec('{schedule: exponential_decay, initial: 0.1, decay_steps: 1000, decay_rate: 0.96}'),
    useInstead: spec('{type: exponential_decay, initial: 0.1, decay_steps: 1000, decay_rate: 0.96}'),
    fixSafety: 'Safe: the two spellings lower to the same IR.',
    references: [{ title: 'docs/spec-v1.md, Learning-rate schedules' }],
  },
  check({ source, report }) {
    const node = source.doc.getIn(PATH, true);
    if (!isMap(node)) return;
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === 'schedule');
    const key = pair?.key;
    if (!isScalar(key) || !key.range) return;
    report({
      messageId: 'olderSpelling',
      location: source.locateKey([...PATH, 'schedule']),
      hint: 'write type: instead of schedule:',
      fix: { description: 'Rename schedule: to type:', edits: [{ start: key.range[0], end: key.range[1], text: 'type' }], safe: true },
    });
  },
};
