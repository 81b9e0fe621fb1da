/**
 * The JSON Schema of specs v1 and v2 (v2 adds graphs, blocks, sequence layers and data), the single source of truth for what a spec may contain.
 * `schema/mlpc.schema.json` (shipped, printed by `mlpc schema`) and the precompiled validator in
 * ./generated are written from it by `npx tsx scripts/generate-validator.ts`; a test keeps them in sync.
 */
import { learningRate, momentumSchedule, scheduleBranches, typedScheduleBranches } from './schedule-schema.js';
import { activityRegularizer, csvPositionLabels, csvTargets, lossFields, regressionLosses } from './schema-losses.js';
import { earlyStopping } from './schema-early-stopping.js';
import { recurrentLayerBranches } from './schema-recurrent.js';

type Schema = Record<string, unknown>;

const name = { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 };
const count = (min: number): Schema => ({ type: 'integer', minimum: min, maximum: 10000000 });
const activation = { enum: ['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softmax', 'gelu'] };
const padding = { enum: ['valid', 'same'] };
const pair = (max: number): Schema => ({
  anyOf: [
    { type: 'integer', minimum: 1, maximum: max },
    { type: 'array', items: { type: 'integer', minimum: 1, maximum: max }, minItems: 2, maxItems: 2 },
  ],
});
const path = { type: 'string', minLength: 1, maxLength: 4096, pattern: '^[^\\u0000-\\u001f`]*$' };
const paramKinds = ['kernel', 'recurrent_kernel', 'bias', 'embedding', 'norm_gain', 'norm_bias'];
const layerTypes = ['dense', 'conv2d', 'conv1d', 'batch_norm', 'embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'lstm', 'gru'];
const oneOrMore = (values: string[]): Schema => ({
  anyOf: [{ enum: values }, { type: 'array', items: { enum: values }, minItems: 1, maxItems: values.length }],
});
const selectorMapping = {
  type: 'object', additionalProperties: false, minProperties: 1,
  description: 'parameters by rank, kind or layer type; a parameter matches when it satisfies every key',
  properties: {
    ndim: {
      anyOf: [
        { type: 'integer', minimum: 0, maximum: 8 },
        { type: 'string', pattern: '^(<|<=|>|>=|==) ?[0-8]$' },
      ],
      description: 'the parameter\'s rank: 2, or a comparison such as "< 2" (nanoGPT decays ndim >= 2)',
    },
    kind: oneOrMore(paramKinds),
    layer_type: oneOrMore(layerTypes),
  },
};
const classes = { type: 'integer', minimum: 2, maximum: 100000 };
const lambda = { type: 'number', minimum: 0, maximum: 1000 };
const probability = { type: 'number', minimum: 0, exclusiveMaximum: 1 };
const positive = { type: 'number', exclusiveMinimum: 0 };

const initNames = ['zeros', 'ones', 'constant', 'random_normal', 'truncated_normal', 'random_uniform', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_normal', 'orthogonal'];
const initBranch = (type: string, props: Schema = {}, required: string[] = []): Schema => ({
  type: 'object', additionalProperties: false, required: ['type', ...required],
  properties: { type: { const: type }, ...props },
});
const initializer = {
  description: 'An initializer name, or {type, ...arguments}. Defaults as Keras: kernel glorot_uniform, bias zeros.',
  anyOf: [
    { enum: initNames },
    {
      type: 'object', required: ['type'], discriminator: { propertyName: 'type' },
      oneOf: [
        initBranch('zeros'), initBranch('ones'),
        initBranch('constant', { value: { type: 'number' } }, ['value']),
        initBranch('random_normal', { mean: { type: 'number' }, stddev: { type: 'number', minimum: 0 } }),
        initBranch('truncated_normal', { mean: { type: 'number' }, stddev: { type: 'number', minimum: 0 } }),
        initBranch('random_uniform', { minval: { type: 'number' }, maxval: { type: 'number' } }),
        ...['glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'lecun_normal'].map((t) => initBranch(t)),
        initBranch('orthogonal', { gain: { type: 'number', exclusiveMinimum: 0, description: 'multiplies the orthogonal matrix (Keras Orthogonal gain, default 1)' } }),
      ],
    },
  ],
};
const regularizer = {
  type: 'object', additionalProperties: false,
  description: 'l1: λ adds λ·Σ|w|; l2: λ adds λ·Σw² (Keras convention; TF1 beta * tf.nn.l2_loss(w) is l2: beta/2).',
  properties: {
    l1: lambda,
    l2: lambda,
    dropout_aware: {
      type: 'boolean',
      description:
        'l2 only: each step penalizes only the weights its dropout masks used (kept units of the dropout layer next to the parameter), ' +
        'averaged over the batch; in expectation L2 with λ·(1 − rate). See docs/spec-v1.md.',
    },
  },
  anyOf: [{ required: ['l1'] }, { required: ['l2'] }],
};
const constraintProps = {
  max_norm: { type: 'number', exclusiveMinimum: 0, description: 'rescale each output unit\'s incoming weights to norm ≤ c after every update' },
  non_neg: { const: true },
  unit_norm: { const: true },
};
const constraintRequired = { anyOf: [{ required: ['max_norm'] }, { required: ['non_neg'] }, { required: ['unit_norm'] }] };
const globSelector = { type: 'string', minLength: 1, maxLength: 256, pattern: '^[a-z0-9_.*?\\[\\]{},!-]+$', description: 'a glob over "<layer>.<param>", e.g. "*.kernel"' };
/** Inline (not $ref) so that ajv reports a wrong selector inside the branch meant for its kind: one error, not one per branch. */
const selectors = {
  anyOf: [
    globSelector,
    selectorMapping,
    { type: 'array', items: { anyOf: [globSelector, selectorMapping] }, minItems: 1, maxItems: 1000 },
  ],
};
const from = {
  anyOf: [{ $ref: '#/definitions/name' }, { type: 'array', items: { $ref: '#/definitions/name' }, minItems: 1, maxItems: 64 }],
  description: 'mlpc 2: the layer(s) whose outputs feed this one (default: the previous layer); input is the model\'s (or block instance\'s) input',
};
const layerBranch = (type: string, props: Schema = {}, required: string[] = []): Schema => ({
  type: 'object', additionalProperties: false, required: ['type', ...required],
  properties: { type: { const: type }, name: { $ref: '#/definitions/name' }, from, ...props },
});
const width = { type: 'integer', minimum: 1, maximum: 1048576 };
const weightFields = {
  activation, use_bias: { type: 'boolean' },
  kernel_init: { $ref: '#/definitions/initializer' }, bias_init: { $ref: '#/definitions/initializer' },
  kernel_regularizer: { $ref: '#/definitions/regularizer' }, bias_regularizer: { $ref: '#/definitions/regularizer' },
  kernel_constraint: { $ref: '#/definitions/constraint' },
  activity_regularizer: { $ref: '#/definitions/activity_regularizer' },
};
/**
 * Each branch of a discriminated union is its own definition: ajv then compiles it to its own
 * function, and V8 compiles only the branches a spec uses (~2x less first-call work than inline).
 */
const layerBranches: Record<string, Schema> = {
  layer_dense: layerBranch('dense', {
    units: { type: 'integer', minimum: 1, maximum: 1048576 }, ...weightFields,
    tie: { type: 'string', pattern: '^[a-z][a-z0-9_.]*$', maxLength: 256, description: 'mlpc 2: the kernel is this parameter transposed, e.g. wte.embeddings' },
  }, ['units']),
  layer_dropout: layerBranch('dropout', { rate: { ...probability, description: 'probability of dropping a unit; rate = 1 - keep_prob' } }, ['rate']),
  layer_activation: layerBranch('activation', { activation }, ['activation']),
  layer_flatten: layerBranch('flatten'),
  layer_conv2d: layerBranch('conv2d', {
    filters: { type: 'integer', minimum: 1, maximum: 65536 },
    kernel_size: pair(1024), strides: pair(1024), padding, ...weightFields,
  }, ['filters', 'kernel_size']),
  layer_conv1d: layerBranch('conv1d', {
    filters: { type: 'integer', minimum: 1, maximum: 65536 },
    kernel_size: { type: 'integer', minimum: 1, maximum: 1048576 }, strides: { type: 'integer', minimum: 1, maximum: 1048576 }, padding, ...weightFields,
  }, ['filters', 'kernel_size']),
  layer_max_pool2d: layerBranch('max_pool2d', { pool_size: pair(1024), strides: pair(1024), padding }),
  layer_average_pool2d: layerBranch('average_pool2d', { pool_size: pair(1024), strides: pair(1024), padding }),
  layer_global_average_pool2d: layerBranch('global_average_pool2d'),
  layer_global_max_pool2d: layerBranch('global_max_pool2d'),
  layer_average_pool1d: layerBranch('average_pool1d', { pool_size: { type: 'integer', minimum: 1, maximum: 1048576 }, strides: { type: 'integer', minimum: 1, maximum: 1048576 }, padding }),
  layer_max_pool1d: layerBranch('max_pool1d', { pool_size: { type: 'integer', minimum: 1, maximum: 1048576 }, strides: { type: 'integer', minimum: 1, maximum: 1048576 }, padding }),
  layer_global_average_pool1d: layerBranch('global_average_pool1d'),
  layer_global_max_pool1d: layerBranch('global_max_pool1d'),
  layer_batch_norm: layerBranch('batch_norm', { momentum: { type: 'number', minimum: 0, maximum: 1 }, epsilon: positive }),
  layer_embedding: layerBranch(
    'embedding',
    {
      vocabulary: width,
      width,
      init: { $ref: '#/definitions/initializer' },
      row_dropout: {
        type: 'number', minimum: 0, exclusiveMaximum: 1,
        description: 'embedding dropout: whole vocabulary rows dropped, one mask per batch (a dropped token is zero wherever it appears), kept rows × 1/(1 − p), training only (AWD-LSTM embedded_dropout; Gal & Ghahramani 2016)',
      },
    },
    ['vocabulary', 'width'],
  ),
  layer_position_embedding: layerBranch('position_embedding', { init: { $ref: '#/definitions/initializer' } }),
  layer_layer_norm: layerBranch('layer_norm', { epsilon: positive, use_bias: { type: 'boolean' } }),
  layer_causal_self_attention: layerBranch('causal_self_attention', {
    heads: { type: 'integer', minimum: 1, maximum: 4096 }, use_bias: { type: 'boolean' },
    attention_dropout: { ...probability, description: 'dropout on the attention weights, training only' },
    kernel_init: { $ref: '#/definitions/initializer' }, proj_init: { $ref: '#/definitions/initializer' },
  }, ['heads']),
  ...recurrentLayerBranches(layerBranch),
  layer_add: layerBranch('add', {}, ['from']),
  layer_drop_path: layerBranch('drop_path', { rate: { ...probability, description: 'probability of dropping the whole branch of an example' } }, ['rate']),
  layer_block: layerBranch('block', {
    repeat: { type: 'integer', minimum: 1, maximum: 1000 },
    layers: { type: 'array', items: { $ref: '#/definitions/layer' }, minItems: 1, maxItems: 1000 },
  }, ['name', 'layers']),
};
const refsTo = (definitions: Record<string, Schema>): Schema[] => Object.keys(definitions).map((key) => ({ $ref: `#/definitions/${key}` }));
const layer = { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: refsTo(layerBranches) };
const dataBranch = (source: string, props: Schema, required: string[]): Schema => ({
  type: 'object', additionalProperties: false, required: ['source', ...required],
  properties: {
    source: { const: source }, train: count(1), validation: count(0), test: count(0),
    ...props,
  },
});
const sequenceFields = {
  block_size: { type: 'integer', minimum: 1, maximum: 1000000, description: 'tokens per window; targets are the window shifted by one' },
  eval_batches: { type: 'integer', minimum: 1, maximum: 100000, description: 'val_loss = mean over this many fixed validation batches' },
};
const dataBranches: Record<string, Schema> = {
  data_mnist: dataBranch('mnist', {}, ['train']),
  data_idx: dataBranch('idx', { classes, train_images: path, train_labels: path, test_images: path, test_labels: path }, ['train', 'train_images', 'train_labels', 'test_images', 'test_labels']),
  data_csv: dataBranch('csv', { classes, path, label: { type: 'string', minLength: 1, maxLength: 256 }, features: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 }, minItems: 1, maxItems: 100000 }, targets: csvTargets, labels: csvPositionLabels, standardize: { type: 'boolean', description: 'scale each feature column to mean 0 and variance 1 with the training split\'s statistics (Keras Normalization adapted on the training features); default false' } }, ['train', 'path']),
  data_synthetic: dataBranch('synthetic', { classes, examples: count(1), features: { type: 'integer', minimum: 1, maximum: 1000000 } }, ['train', 'examples', 'features', 'classes']),
  data_text: {
    type: 'object', additionalProperties: false, required: ['source', 'path', 'block_size'],
    properties: {
      source: { const: 'text' }, path, level: { const: 'char' },
      train_fraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, ...sequenceFields,
    },
  },
  data_tokens: {
    type: 'object', additionalProperties: false, required: ['source', 'train_path', 'validation_path', 'dtype', 'vocabulary', 'block_size'],
    properties: {
      source: { const: 'tokens' }, train_path: path, validation_path: path, dtype: { enum: ['uint16', 'uint32'] },
      vocabulary: { type: 'integer', minimum: 2, maximum: 4294967296 }, ...sequenceFields,
    },
  },
};
const optimizerBranch = (type: string, props: Schema): Schema => ({
  type: 'object', additionalProperties: false, required: ['type'],
  properties: { type: { const: type }, learning_rate: { $ref: '#/definitions/learning_rate' }, ...props },
});
const adamFields = { beta1: probability, beta2: probability, epsilon: positive };
const optimizerBranches: Record<string, Schema> = {
  optimizer_sgd: optimizerBranch('sgd', { momentum: momentumSchedule, nesterov: { type: 'boolean' } }),
  optimizer_adam: optimizerBranch('adam', adamFields),
  optimizer_adamw: optimizerBranch('adamw', { ...adamFields, weight_decay: { type: 'number', minimum: 0, maximum: 1 }, exclude: selectors }),
  optimizer_rmsprop: optimizerBranch('rmsprop', { rho: probability, momentum: probability, epsilon: positive }),
  optimizer_adadelta: optimizerBranch('adadelta', { rho: probability, epsilon: positive }),
};
export const specSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mlpc.dev/schema/v1/mlpc.schema.json',
  title: 'mlpc model spec, versions 1 and 2',
  description: 'A neural network, its regularization and its training, for the mlpc compiler. See docs/spec-v1.md.',
  type: 'object', additionalProperties: false,
  required: ['mlpc', 'name', 'data', 'model', 'training'],
  properties: {
    mlpc: { enum: [1, 2], description: 'format version; 2 for graphs, blocks, sequence layers and data' },
    name: { $ref: '#/definitions/name' },
    description: { type: 'string', maxLength: 2000 },
    data: { type: 'object', required: ['source'], discriminator: { propertyName: 'source' }, oneOf: refsTo(dataBranches) },
    model: { $ref: '#/definitions/model' },
    regularization: { type: 'array', maxItems: 1000, items: { $ref: '#/definitions/regularization_rule' } },
    constraints: { type: 'array', maxItems: 1000, items: { $ref: '#/definitions/constraint_rule' } },
    training: { $ref: '#/definitions/training' },
  },
  definitions: {
    model: {
      type: 'object', additionalProperties: false, required: ['input', 'layers'],
      properties: {
        input: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 1000000 }, minItems: 1, maxItems: 3 },
        layers: { type: 'array', items: { $ref: '#/definitions/layer' }, minItems: 1, maxItems: 1000 },
      },
    },
    regularization_rule: { ...regularizer, required: ['params'], properties: { params: selectors, ...regularizer.properties } },
    constraint_rule: { type: 'object', additionalProperties: false, required: ['params'], properties: { params: selectors, ...constraintProps }, ...constraintRequired },
    training: {
      type: 'object', additionalProperties: false, required: ['loss', 'optimizer'],
      properties: {
        loss: { enum: ['softmax_cross_entropy', 'sigmoid_cross_entropy', 'mean_squared_error', ...regressionLosses] },
        ...lossFields,
        optimizer: { type: 'object', required: ['type'], discriminator: { propertyName: 'type' }, oneOf: refsTo(optimizerBranches) },
        batch_size: { type: 'integer', minimum: 1, maximum: 1000000 },
        steps: { type: 'integer', minimum: 1, maximum: 1000000000 },
        epochs: { type: 'integer', minimum: 1, maximum: 1000000 },
        eval_every: { type: 'integer', minimum: 1, maximum: 1000000000 },
        seed: { type: 'integer', minimum: 0, maximum: 2147483647 },
        clip_grad_norm: { type: 'number', exclusiveMinimum: 0, maximum: 1000000, description: 'clip the gradient to this global norm before the update' },
        label_smoothing: { type: 'number', minimum: 0, exclusiveMaximum: 1, description: 'softmax_cross_entropy targets (1 − ε)·onehot + ε/K' },
        early_stopping: earlyStopping,
      },
    },
    name,
    selector: globSelector,
    layer,
    ...layerBranches,
    ...dataBranches,
    ...optimizerBranches,
    initializer,
    regularizer,
    constraint: { type: 'object', additionalProperties: false, properties: constraintProps, ...constraintRequired },
    learning_rate: learningRate,
    ...typedScheduleBranches,
    ...scheduleBranches,
    activity_regularizer: activityRegularizer,
  },
};
