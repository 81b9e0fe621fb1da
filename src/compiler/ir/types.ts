/**
 * The IR: what a spec means once names, shapes, defaults and selectors are resolved.
 * Plain data, JSON-serializable (golden files under test/ir), consumed by lint and emit.
 * Every element that came from the spec carries a SpecRef so diagnostics point at the YAML node.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';

/** A path into the spec document, e.g. ['model', 'layers', 1, 'rate'], and where that node is. */
export interface SpecRef {
  path: (string | number)[];
  location: SourceLocation;
}

export type Activation = 'linear' | 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'softmax';
export type Padding = 'valid' | 'same';

/** Shapes exclude the batch dimension: [784] or [28, 28, 1] (height, width, channels). */
export type Shape = number[];

interface LayerBase {
  /** 0-based position in model.layers. */
  index: number;
  name: string;
  /** True when the name was generated Keras-style (dense_1, dropout_1). */
  generatedName: boolean;
  inputShape: Shape;
  outputShape: Shape;
  /** Parameter ids owned by this layer, in declaration order: ['hidden.kernel', 'hidden.bias']. */
  params: string[];
  /** The layer's mapping node in model.layers. */
  ref: SpecRef;
}

export interface DenseLayer extends LayerBase {
  type: 'dense';
  units: number;
  activation: Activation;
  useBias: boolean;
}
export interface DropoutLayer extends LayerBase {
  type: 'dropout';
  /** Probability of dropping a unit (inverted dropout: kept units are scaled by 1 / (1 - rate)). */
  rate: number;
}
export interface ActivationLayer extends LayerBase {
  type: 'activation';
  activation: Activation;
}
export interface FlattenLayer extends LayerBase {
  type: 'flatten';
}
export interface Conv2DLayer extends LayerBase {
  type: 'conv2d';
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  padding: Padding;
  activation: Activation;
  useBias: boolean;
}
export interface MaxPool2DLayer extends LayerBase {
  type: 'max_pool2d';
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
}
export interface BatchNormLayer extends LayerBase {
  type: 'batch_norm';
  momentum: number;
  epsilon: number;
}

export type LayerIR =
  | DenseLayer
  | DropoutLayer
  | ActivationLayer
  | FlattenLayer
  | Conv2DLayer
  | MaxPool2DLayer
  | BatchNormLayer;
export type LayerType = LayerIR['type'];

export type ParamName = 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export type InitializerType =
  | 'zeros'
  | 'ones'
  | 'constant'
  | 'random_normal'
  | 'truncated_normal'
  | 'random_uniform'
  | 'glorot_uniform'
  | 'glorot_normal'
  | 'he_uniform'
  | 'he_normal'
  | 'lecun_normal';

export interface InitializerIR {
  type: InitializerType;
  /** Arguments as resolved (defaults filled): value, mean, stddev, minval, maxval as applicable. */
  args: { value?: number; mean?: number; stddev?: number; minval?: number; maxval?: number };
  /** Mean of the distribution of initial values. */
  mean: number;
  /**
   * Standard deviation of the initial values actually drawn, for this parameter's fans.
   * truncated_normal(stddev s) cut at 2s has stddev 0.87962566 s; glorot_uniform has limit/sqrt(3); etc.
   */
  effectiveStddev: number;
  /** Where the initializer was written; absent when it is the default (kernel glorot_uniform, bias zeros). */
  ref?: SpecRef;
}

/** Who asked for a regularizer or constraint: a top-level rule or a layer shorthand. */
export type Origin =
  | {
      kind: 'rule';
      /** 'regularization' or 'constraints'. */
      section: 'regularization' | 'constraints';
      /** Index of the rule in its section. */
      ruleIndex: number;
      /** The rule's params selector(s) as written. */
      selectors: string[];
      /** The rule's mapping node. */
      ref: SpecRef;
      /** The key/value that asked for this entry (e.g. the `l2: 0.0005` pair's value node). */
      entryRef: SpecRef;
    }
  | {
      kind: 'shorthand';
      layer: string;
      field: 'kernel_regularizer' | 'bias_regularizer' | 'kernel_constraint';
      /** The shorthand's value node (e.g. `{l2: 0.0005}`). */
      ref: SpecRef;
      /** The key/value inside the shorthand that asked for this entry. */
      entryRef: SpecRef;
    };

export interface RegularizerIR {
  /** l1 adds lambda * sum(|w|); l2 adds lambda * sum(w^2) (Keras convention). */
  kind: 'l1' | 'l2';
  lambda: number;
  origin: Origin;
  /** `dropout_aware: true` (l2 only): the penalty covers only the weights the step's dropout masks used. */
  dropoutAware?: DropoutAwareIR;
}

/** A dropout layer whose mask decides which of a parameter's weights a training example uses. */
export interface DropoutMaskIR {
  /** The dropout layer's name. */
  layer: string;
  rate: number;
  /**
   * `units`: the dropout follows the parameter's layer (through activation layers): a dropped unit
   * leaves its incoming weights (a kernel row, held [units, in]) and its bias unused. `inputs`: the
   * dropout directly precedes the layer: a dropped input leaves its outgoing weights (a kernel column)
   * unused.
   */
  side: 'units' | 'inputs';
}

export interface DropoutAwareIR {
  /** Empty when no dropout layer is next to this parameter: the penalty is then plain L2. */
  masks: DropoutMaskIR[];
  /** Π(1 − rate) over the masks: E[penalty] = λ·expectedScale·Σw², the L2 it matches on average. */
  expectedScale: number;
  /** The `dropout_aware` key. */
  ref: SpecRef;
}

export type ConstraintIR =
  | { kind: 'max_norm'; maxValue: number; origin: Origin }
  | { kind: 'non_neg'; origin: Origin }
  | { kind: 'unit_norm'; origin: Origin };

export interface ParameterIR {
  /** `layer.param`, e.g. 'hidden.kernel'. */
  id: string;
  layer: string;
  param: ParamName;
  shape: Shape;
  count: number;
  trainable: boolean;
  /** Fans as Keras computes them (dense kernel [in, out]: in, out; conv kernel: kh*kw*in, kh*kw*filters). */
  fanIn: number;
  fanOut: number;
  init: InitializerIR;
  /** In spec order: top-level rules first in their order, then layer shorthands. */
  regularizers: RegularizerIR[];
  constraints: ConstraintIR[];
  /** True when adamw decays this parameter (not excluded by `exclude`). */
  weightDecay: boolean;
}

export type LearningRateIR =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential_decay'; initial: number; decaySteps: number; decayRate: number; staircase: boolean };

export type OptimizerIR =
  | { type: 'sgd'; learningRate: LearningRateIR; momentum: number; nesterov: boolean; ref: SpecRef }
  | { type: 'adam'; learningRate: LearningRateIR; beta1: number; beta2: number; epsilon: number; ref: SpecRef }
  | {
      type: 'adamw';
      learningRate: LearningRateIR;
      beta1: number;
      beta2: number;
      epsilon: number;
      weightDecay: number;
      /** Globs as written; the resolved effect is ParameterIR.weightDecay. */
      exclude: string[];
      ref: SpecRef;
    }
  | { type: 'rmsprop'; learningRate: LearningRateIR; rho: number; momentum: number; epsilon: number; ref: SpecRef };

export type LossType = 'softmax_cross_entropy' | 'sigmoid_cross_entropy' | 'mean_squared_error';

export interface TrainingIR {
  loss: LossType;
  optimizer: OptimizerIR;
  batchSize: number;
  /** Resolved: `steps` as given, or epochs * ceil(train / batchSize). */
  steps: number;
  /** As given in the spec, when the spec used epochs. */
  epochs?: number;
  evalEvery: number;
  seed: number;
  ref: SpecRef;
}

interface DataBase {
  /** Number of classes (labels 0..classes-1). */
  classes: number;
  /** Shape of one example as stored by the source, before reshaping to model.input. */
  featureShape: Shape;
  /** Example counts; validation is carved out of the training pool, test from the test pool. */
  train: number;
  validation: number;
  test: number;
  ref: SpecRef;
}
export type DataIR =
  | (DataBase & { source: 'mnist' })
  | (DataBase & { source: 'idx'; trainImages: string; trainLabels: string; testImages: string; testLabels: string })
  | (DataBase & { source: 'csv'; path: string; label: string; features?: string[] })
  | (DataBase & { source: 'synthetic' });

export interface ModelIR {
  irVersion: 1;
  name: string;
  description?: string;
  source: {
    /** The spec path as given, relative to the working directory, forward slashes. */
    file: string;
    /** sha256 of the spec's bytes, hex. */
    sha256: string;
  };
  data: DataIR;
  input: { shape: Shape; ref: SpecRef };
  layers: LayerIR[];
  /** Every parameter of every layer, in layer order then declaration order. */
  parameters: ParameterIR[];
  training: TrainingIR;
  totals: {
    trainable: number;
    nonTrainable: number;
    /** Parameters (counted in scalars) that carry at least one regularizer. */
    penalized: number;
  };
}
