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

/** gelu is the exact erf form 0.5·x·(1 + erf(x/√2)) (PyTorch nn.GELU() default, Keras gelu(approximate=False)). */
export type Activation = 'linear' | 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'softmax' | 'gelu';
export type Padding = 'valid' | 'same';

/** Shapes exclude the batch dimension: [784] or [28, 28, 1] (height, width, channels). */
export type Shape = number[];

/** Where a layer sits when it belongs to an instance of a repeated block: `h.2.attn` is {name: 'h', instance: 2, local: 'attn'}. */
export interface BlockPlacement {
  /** The block's name in model.layers. */
  name: string;
  /** 0-based instance number. */
  instance: number;
  /** The layer's name inside the block's `layers`. */
  local: string;
}

interface LayerBase {
  /** 0-based position in ModelIR.layers (topological = spec order; equals the position in model.layers for a v1 spec). */
  index: number;
  /** Full dotted name: 'hidden', or 'h.0.attn' inside block instance h.0. */
  name: string;
  /**
   * Full dotted names of the layers whose outputs feed this one, in `from` order; 'input' is the model's input.
   * A layer without `from` has one input: the previous layer (or, first in a block instance, the instance's input).
   */
  inputs: string[];
  /** Present for layers inside a block instance. */
  block?: BlockPlacement;
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
  /**
   * `tie: <param id>`: the kernel IS that parameter (the owner, e.g. 'wte.embeddings' [vocabulary, width]) used
   * transposed; the layer then owns no kernel and '<name>.kernel' is an alias listed in the owner's `aliases`.
   */
  tiedKernel?: string;
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
/** [steps, channels] -> [windows, filters]: Keras Conv1D (channels last); kernel [k, in, filters]. */
export interface Conv1DLayer extends LayerBase {
  type: 'conv1d';
  filters: number;
  kernelSize: number;
  strides: number;
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
/** Keras AveragePooling2D: with padding same, the padded cells are left out of each mean (PyTorch's count_include_pad=False). */
export interface AveragePool2DLayer extends LayerBase {
  type: 'average_pool2d';
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
}
/** [H, W, C] -> [C], the mean (Keras GlobalAveragePooling2D) or the maximum (GlobalMaxPooling2D) over H and W. */
export interface GlobalAveragePool2DLayer extends LayerBase {
  type: 'global_average_pool2d' | 'global_max_pool2d';
}
/** [steps, channels] -> [windows, channels]: Keras AveragePooling1D / MaxPooling1D (channels last). */
export interface Pool1DLayer extends LayerBase {
  type: 'average_pool1d' | 'max_pool1d';
  poolSize: number;
  strides: number;
  padding: Padding;
}
/** [steps, channels] -> [channels]: Keras GlobalAveragePooling1D / GlobalMaxPooling1D. */
export interface GlobalPool1DLayer extends LayerBase {
  type: 'global_average_pool1d' | 'global_max_pool1d';
}
export interface BatchNormLayer extends LayerBase {
  type: 'batch_norm';
  momentum: number;
  epsilon: number;
}

/** Token ids [T] -> [T, width]; parameter `<name>.embeddings` [vocabulary, width]. */
export interface EmbeddingLayer extends LayerBase {
  type: 'embedding';
  vocabulary: number;
  width: number;
  /** Embedding dropout (AWD-LSTM embedded_dropout): whole vocabulary rows zeroed per batch, kept rows × 1/(1 − p), training only; 0 = off. */
  rowDropout: number;
}
/** input [T, width] + E[0:T]; parameter `<name>.embeddings` [length, width]. */
export interface PositionEmbeddingLayer extends LayerBase {
  type: 'position_embedding';
  length: number;
  width: number;
}
/** Normalizes over the last axis; parameters gamma [width] and, with useBias, beta [width]. */
export interface LayerNormLayer extends LayerBase {
  type: 'layer_norm';
  epsilon: number;
  useBias: boolean;
}
/**
 * Causal multi-head self-attention over [T, width] as nanoGPT's CausalSelfAttention: one qkv projection
 * [width, 3·width] split [q | k | v], scaled dot products with the causal mask, dropout on the attention
 * weights (training only), heads concatenated, output projection [width, width].
 */
export interface CausalSelfAttentionLayer extends LayerBase {
  type: 'causal_self_attention';
  heads: number;
  width: number;
  useBias: boolean;
  attentionDropout: number;
}
/**
 * A stack of LSTM layers (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000) over
 * [T, features]: per layer l, parameters `l<l>.kernel` [in, 4·units], `l<l>.recurrent_kernel` [units,
 * 4·units], `l<l>.bias` [4·units], gates in Keras's order (i, f, c, o) = PyTorch's (i, f, g, o).
 * Output [T, units] (returnSequences) or the last position's h [units]. `dropout`: on each layer's
 * output but the last's, training only (PyTorch nn.LSTM(dropout=p)). See ./recurrent.ts.
 */
export interface LstmLayer extends LayerBase {
  type: 'lstm';
  units: number;
  /** Stacked layers (PyTorch num_layers). */
  layers: number;
  /** Each layer also reads the sequence backwards (params `l<l>_reverse.*`); output width 2·units. */
  bidirectional: boolean;
  returnSequences: boolean;
  dropout: number;
  unitForgetBias: boolean;
  placements: RecurrentPlacements;
}
/**
 * A stack of GRU layers (Cho et al. 2014) as Keras's GRU with reset_after=True (its default since TF 2)
 * computes it, which is PyTorch's nn.GRU: per layer l, `l<l>.kernel` [in, 3·units], `l<l>.recurrent_kernel`
 * [units, 3·units], `l<l>.bias` and `l<l>.recurrent_bias` [3·units] (Keras holds the two as one [2, 3·units]),
 * gates in Keras's order (z, r, h); PyTorch's is (r, z, n). See ./recurrent.ts.
 */
export interface GruLayer extends LayerBase {
  type: 'gru';
  units: number;
  layers: number;
  /** As LstmLayer's. */
  bidirectional: boolean;
  returnSequences: boolean;
  dropout: number;
  placements: RecurrentPlacements;
}
/**
 * The dropout placements and activation penalties of an lstm or gru beyond PyTorch's `dropout`
 * (docs/spec-v2.md#recurrent-dropout); 0 = off. Each with the spec line of its field.
 */
export interface RecurrentPlacements {
  /** Gal & Ghahramani 2016: one mask per sequence on each stacked layer's input. */
  inputDropout: number;
  /** Gal & Ghahramani 2016: one mask per sequence on h(t−1) into the recurrent kernel. */
  recurrentDropout: number;
  /** Merity et al. 2017 (AWD-LSTM WeightDrop): DropConnect on each recurrent kernel, a fresh mask per batch. */
  weightDrop: number;
  /** AR: α·mean(h²) of the layer's output, in the loss (Merity et al. 2017). */
  activationRegularization: number;
  /** TAR: β·mean((h(t) − h(t−1))²) of the layer's output, in the loss (Merity et al. 2017). */
  temporalActivationRegularization: number;
  /** The spec line of each field that is set. */
  refs: Partial<Record<RecurrentPlacementField, SpecRef>>;
}
export type RecurrentPlacementField = 'input_dropout' | 'recurrent_dropout' | 'weight_drop' | 'activation_regularization' | 'temporal_activation_regularization';
/** Element-wise sum of its inputs (≥ 2, identical shapes): Keras layers.Add. */
export interface AddLayer extends LayerBase {
  type: 'add';
}
/** Stochastic depth (timm DropPath): per example, the whole input is zeroed with probability rate, kept values scaled by 1/(1 − rate); training only. */
export interface DropPathLayer extends LayerBase {
  type: 'drop_path';
  rate: number;
}

export type LayerIR =
  | EmbeddingLayer
  | PositionEmbeddingLayer
  | LayerNormLayer
  | CausalSelfAttentionLayer
  | LstmLayer
  | GruLayer
  | AddLayer
  | DropPathLayer
  | DenseLayer
  | DropoutLayer
  | ActivationLayer
  | FlattenLayer
  | Conv2DLayer
  | Conv1DLayer
  | MaxPool2DLayer
  | AveragePool2DLayer
  | GlobalAveragePool2DLayer
  | Pool1DLayer
  | GlobalPool1DLayer
  | BatchNormLayer;
export type LayerType = LayerIR['type'];

export type ParamName =
  | 'kernel'
  | 'bias'
  | 'gamma'
  | 'beta'
  | 'moving_mean'
  | 'moving_variance'
  | 'embeddings'
  | 'qkv.kernel'
  | 'qkv.bias'
  | 'proj.kernel'
  | 'proj.bias'
  | RecurrentParamName;

/** Layer l of an lstm stack: `l0.kernel` [in, 4·units], `l0.recurrent_kernel` [units, 4·units], `l0.bias` [4·units]; a bidirectional stack's backward direction `l0_reverse.*` (PyTorch's `_reverse`). */
export type RecurrentParamName = `l${number}${'' | '_reverse'}.${'kernel' | 'recurrent_kernel' | 'bias' | 'recurrent_bias'}`;

/**
 * What a parameter is, for `kind:` selectors and conventions (HF Trainer excludes biases and norm gains):
 * layer_norm/batch_norm gamma is a norm_gain, their beta a norm_bias; batch_norm's moving statistics are moving_stat.
 */
export type ParamKind = 'kernel' | 'recurrent_kernel' | 'bias' | 'embedding' | 'norm_gain' | 'norm_bias' | 'moving_stat';

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
  | 'lecun_normal'
  | 'orthogonal'
  /** Internal (not a spec name): an LSTM bias, zeros but ones on the forget gate's slice [units, 2·units) (Keras unit_forget_bias). */
  | 'unit_forget_bias';

export interface InitializerIR {
  type: InitializerType;
  /** Arguments as resolved (defaults filled): value, mean, stddev, minval, maxval as applicable. */
  args: { value?: number; mean?: number; stddev?: number; minval?: number; maxval?: number; gain?: number; units?: number };
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
  kind: ParamKind;
  /** shape.length (the `ndim:` selectors' rank). */
  ndim: number;
  /** Other ids naming this same tensor (a tied dense kernel: 'lm_head.kernel' on 'wte.embeddings'); usually empty. */
  aliases: string[];
  /** With adamw: the rule that decided `weightDecay`. Absent for other optimizers. */
  weightDecayOrigin?: WeightDecayOriginIR;
}

/**
 * Why adamw decays a parameter or not: the first `exclude` entry that matched it (under its id or an alias),
 * or, when none did, the optimizer's `weight_decay` itself.
 */
export type WeightDecayOriginIR =
  | {
      kind: 'exclude';
      /** Index of the entry in `exclude`. */
      entryIndex: number;
      /** The entry as written (a glob, or a mapping selector rendered as `{ndim: "< 2"}`). */
      selector: string;
      /** The name the entry matched: the parameter's id or one of its aliases. */
      matchedName: string;
      /** The entry's node. */
      ref: SpecRef;
    }
  | {
      kind: 'default';
      /** The `weight_decay` node (or the optimizer's node when weight_decay is defaulted). */
      ref: SpecRef;
    };

/**
 * Step counts are updates (an epoch is ceil(train / batch_size) of them). `warmupSteps`, when present: a
 * linear warm-up to `initial` (rate·(step+1)/(warmupSteps+1)), then the schedule from its step 0.
 * `stepsPerEpoch`, when present: the spec counted in epochs of that many steps.
 */
export type LearningRateIR =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential_decay'; initial: number; decaySteps: number; decayRate: number; staircase: boolean; warmupSteps?: number; stepsPerEpoch?: number }
  /** nanoGPT's get_lr: linear warmup to initial over warmupSteps, cosine down to minimum at decaySteps, then minimum. */
  | { kind: 'warmup_cosine'; initial: number; warmupSteps: number; decaySteps: number; minimum: number }
  /** Keras PiecewiseConstantDecay: values[i] while boundaries[i-1] < step <= boundaries[i]; `initial` is values[0]. */
  | { kind: 'piecewise_constant'; initial: number; boundaries: number[]; values: number[]; warmupSteps?: number; stepsPerEpoch?: number }
  /** Keras InverseTimeDecay: initial / (1 + decayRate · step / decaySteps), the quotient floored when staircase. */
  | { kind: 'inverse_time_decay'; initial: number; decaySteps: number; decayRate: number; staircase: boolean; warmupSteps?: number; stepsPerEpoch?: number }
  /**
   * Keras ReduceLROnPlateau counted in evaluations: after `patience` evaluations in a row without
   * improvement (mode min: value < best − minDelta; max: value > best + minDelta) the rate becomes
   * max(rate · factor, minLr), then `cooldown` evaluations count no wait.
   */
  | {
      kind: 'reduce_on_plateau';
      initial: number;
      monitor: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
      mode: 'min' | 'max';
      factor: number;
      patience: number;
      minDelta: number;
      cooldown: number;
      minLr: number;
      /** The learning_rate key. */
      ref: SpecRef;
    };

/** SGD momentum rising linearly from initial to final over rampSteps updates, then final (Srivastava et al. 2014). */
export interface MomentumRampIR {
  initial: number;
  final: number;
  rampSteps: number;
  stepsPerEpoch?: number;
}

export type OptimizerIR =
  /** `momentum` is the ramp's final value when `momentumRamp` is present. */
  | { type: 'sgd'; learningRate: LearningRateIR; momentum: number; momentumRamp?: MomentumRampIR; nesterov: boolean; ref: SpecRef }
  | { type: 'adam'; learningRate: LearningRateIR; beta1: number; beta2: number; epsilon: number; ref: SpecRef }
  | {
      type: 'adamw';
      learningRate: LearningRateIR;
      beta1: number;
      beta2: number;
      epsilon: number;
      weightDecay: number;
      /** Entries as written (globs; mapping selectors rendered as `{ndim: "< 2"}`); the resolved effect is ParameterIR.weightDecay. */
      exclude: string[];
      ref: SpecRef;
    }
  | { type: 'rmsprop'; learningRate: LearningRateIR; rho: number; momentum: number; epsilon: number; ref: SpecRef }
  | { type: 'adadelta'; learningRate: LearningRateIR; rho: number; epsilon: number; ref: SpecRef };

export type LossType = 'softmax_cross_entropy' | 'sigmoid_cross_entropy' | 'mean_squared_error' | 'binary_cross_entropy' | 'mean_absolute_error' | 'huber';

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
  /** Global-norm clipping of the gradient (data loss + penalties) before the update (torch clip_grad_norm_). */
  clipGradNorm?: number;
  /** softmax_cross_entropy targets (1 − ε)·onehot + ε/K; 0 when absent. */
  labelSmoothing: number;
  /**
   * What the loss compares the output with, when not the labels: the data's target columns, the input,
   * or one class label per position of a [steps, classes] output (csv `labels:`, a tagger).
   */
  target?: 'columns' | 'input' | 'positions';
  /** huber only: the δ of 0.5·e² where |e| ≤ δ, else δ·(|e| − 0.5·δ). */
  huberDelta?: number;
  /** One weight per class (Keras class_weight): loss = Σ w_yi·l_i / N. */
  classWeight?: number[];
  /** The class_weight key, when classWeight is set. */
  classWeightRef?: SpecRef;
  /** The label_smoothing key, when the spec sets one. */
  labelSmoothingRef?: SpecRef;
  earlyStopping?: EarlyStoppingIR;
  ref: SpecRef;
}

/**
 * Keras EarlyStopping counted in evaluations: an evaluation improves when the monitored value beats the
 * best so far by more than minDelta (mode min: value < best − minDelta; max: value > best + minDelta);
 * training stops after `patience` evaluations in a row without improvement.
 */
export interface EarlyStoppingIR {
  monitor: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
  mode: 'min' | 'max';
  patience: number;
  minDelta: number;
  /** End with the weights of the best evaluation (before the test record and the saved model). */
  restoreBest: boolean;
  /** The early_stopping key. */
  ref: SpecRef;
}

/** A penalty on a layer's output (Keras activity_regularizer): λ·Σ|a| or λ·Σa², divided by the batch size. */
export interface ActivityRegularizerIR {
  /** Full name of the layer whose output is penalized. */
  layer: string;
  kind: 'l1' | 'l2';
  coefficient: number;
  /** The key/value inside activity_regularizer. */
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
/**
 * The sources read from files the spec names: their paths as written in the IR, resolved in the plan
 * (emit/plan.ts's DataPath); the other fields are the same on both sides.
 */
export type FileDataSource<Path> =
  | { source: 'idx'; trainImages: Path; trainLabels: Path; testImages: Path; testLabels: Path }
  | { source: 'csv'; path: Path; label?: string; features?: string[]; targets?: string[]; labels?: string[]; standardize?: true };

export type DataIR =
  | (DataBase & { source: 'mnist' })
  | (DataBase & FileDataSource<string>)
  | (DataBase & { source: 'synthetic' })
  /**
   * Character-level text (nanoGPT shakespeare_char): classes = vocabulary; featureShape = [blockSize];
   * train / validation = the splits' lengths in tokens; test = 0 (no test split).
   */
  | (DataBase & {
      source: 'text';
      /** As written: relative to the spec file's folder unless absolute, as csv/idx paths are. */
      path: string;
      level: 'char';
      trainFraction: number;
      blockSize: number;
      evalBatches: number;
      /** The number of distinct code points of the file, read at compile time. */
      vocabulary: number;
    })
  /**
   * Token-id files (nanoGPT train.bin / val.bin): classes = vocabulary; featureShape = [blockSize];
   * train / validation = the files' lengths in tokens when readable at compile time, else 0; test = 0.
   */
  | (DataBase & {
      source: 'tokens';
      trainPath: string;
      validationPath: string;
      dtype: 'uint16' | 'uint32';
      vocabulary: number;
      blockSize: number;
      evalBatches: number;
    });

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
  /** Penalties on layer outputs, in layer order; absent when there are none. */
  activityRegularizers?: ActivityRegularizerIR[];
  totals: {
    trainable: number;
    nonTrainable: number;
    /** Parameters (counted in scalars) that carry at least one regularizer. */
    penalized: number;
  };
}
