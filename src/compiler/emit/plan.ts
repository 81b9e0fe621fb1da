/**
 * The training plan's types: every decision about a model's training code, made once from the IR
 * (by planModel, plan/plan-model.ts) and free of any target language. Printers (tfjs/ for TypeScript,
 * pytorch/) only print it: they choose identifiers and syntax, never which penalty lands on which
 * parameter, which axes a constraint reduces or where a data file is. How a target runs fast (tfjs's
 * units-major dense kernels, folded L2, hand-written backward, --workers) is that target's own
 * lowering of this plan (tfjs/lower.ts), never a field here.
 *
 * Plain data (JSON-serializable, no functions), deterministic for a given IR. This module holds types
 * only, so every printer and helper can import it without an import cycle.
 *
 * Extension points, by design:
 * - a new layer is a new member of LayerStep with its resolved hyperparameters;
 * - a new penalty is a new member of PenaltyPlan['kind'] with its own fields; each target decides how
 *   its gradient reaches the update (tfjs: ParameterUpdate in tfjs/tfjs-plan.ts);
 * - a new logged metric (as max_norm_rescaled, constraint activity per logging point) is a new member
 *   of MetricPlan, listed in ModelPlan.metrics; the runtimes count and record it.
 */
import type { Activation, FileDataSource, LearningRateIR, LossType, MomentumRampIR, Padding, ParamName } from '../ir/types.js';

/** A position in the spec, for comments in generated code: `specs/seed.yaml:31`. */
export interface SpecLine {
  /** The spec path as the IR has it (relative to the working directory of the build, forward slashes). */
  file: string;
  /** 1-based line. */
  line: number;
}

export interface ModelPlan {
  planVersion: 1;
  /** The spec's `name`: the model file is `<name>.<ext>`. */
  name: string;
  description?: string;
  source: {
    /** The spec path as given to the build, relative to its working directory, forward slashes. */
    file: string;
    /** sha256 of the spec's bytes, hex. */
    sha256: string;
  };
  /** Shape of one example (no batch dimension): [784] or [28, 28, 1]. */
  input: { shape: number[] };
  /** Every parameter, in the model's weight order (layer order, then declaration order). */
  parameters: ParameterPlan[];
  /** The forward pass, one step per spec layer, in order. */
  layers: LayerStep[];
  loss: LossPlan;
  /** Every penalty term of the loss, in spec order per parameter (top-level rules, then shorthands). */
  penalties: PenaltyPlan[];
  /** Penalties on layer outputs (activity regularizers), in layer order; each is part of reg_penalty. */
  activityPenalties: ActivityPenaltyPlan[];
  update: UpdatePlan;
  /** Every constraint, applied after each update in this order. */
  constraints: ConstraintPlan[];
  data: DataPlan;
  loop: LoopPlan;
  /** Metrics logged at each logging point beyond the losses and validation (see the header). */
  metrics: MetricPlan[];
  /** The Keras Sequential topology saved as model.json (tfjs-layers format), as plain JSON. */
  topology: JsonValue;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------------
// Parameters

export interface ParameterPlan {
  /** `layer.param`, e.g. 'hidden.kernel': the key penalties, updates and constraints refer to. */
  id: string;
  layer: string;
  param: ParamName;
  /** Shape in Keras layout: dense kernel [in, units], conv kernel [kh, kw, in, filters]. */
  shape: number[];
  /** False for batch-norm moving statistics (updated by the forward pass, never by the optimizer). */
  trainable: boolean;
  /** The name tfjs-layers / Keras gives the weight in a saved model: `hidden/kernel`. */
  weightName: string;
  init: InitializerPlan;
  /** Seed stream of the initial draw: the run seed derived with this number (0-99 are the loop's). */
  seedStream: number;
  /** Where the initializer was written; absent for the default (kernel glorot_uniform, bias zeros). */
  initLine?: SpecLine;
}

/**
 * An initializer with every number resolved (defaults filled, fans computed): printers pass these to
 * the runtime as they are. Drawn in Keras layout.
 */
export type InitializerPlan =
  | { type: 'zeros' }
  | { type: 'ones' }
  | { type: 'constant'; value: number }
  | { type: 'random_normal'; mean: number; stddev: number }
  | { type: 'truncated_normal'; mean: number; stddev: number }
  | { type: 'random_uniform'; minval: number; maxval: number }
  | { type: 'glorot_uniform'; fanIn: number; fanOut: number }
  | { type: 'glorot_normal'; fanIn: number; fanOut: number }
  | { type: 'he_uniform'; fanIn: number }
  | { type: 'he_normal'; fanIn: number }
  | { type: 'lecun_normal'; fanIn: number }
  /** Keras Orthogonal: the draw flattened to [rows, last axis] (torch: [first axis, rest]) made orthonormal by QR, times gain. */
  | { type: 'orthogonal'; gain: number }
  /** An LSTM bias [4·units]: zeros, ones on [units, 2·units) (the forget gate; Keras unit_forget_bias). */
  | { type: 'unit_forget_bias'; units: number };

// ---------------------------------------------------------------------------------------------------
// Forward and backward pass

interface LayerStepBase {
  /** 0-based position in model.layers. */
  index: number;
  /** The spec's layer name (snake_case); parameters of the layer are `<name>.<param>`. */
  name: string;
  inputShape: number[];
  outputShape: number[];
  /** Parameter ids of this layer by param name: { kernel: 'hidden.kernel', bias: 'hidden.bias' }. */
  params: Partial<Record<ParamName, string>>;
  /** The layer's entry in model.layers. */
  line: SpecLine;
}

export type LayerStep =
  | (LayerStepBase & { type: 'dense'; units: number; activation: Activation; useBias: boolean })
  | (LayerStepBase & {
      type: 'dropout';
      /** Probability of dropping a unit (inverted dropout). */
      rate: number;
    })
  | (LayerStepBase & { type: 'activation'; activation: Activation })
  | (LayerStepBase & { type: 'flatten' })
  | (LayerStepBase & {
      type: 'conv2d';
      filters: number;
      kernelSize: [number, number];
      strides: [number, number];
      padding: Padding;
      activation: Activation;
      useBias: boolean;
    })
  | (LayerStepBase & {
      type: 'conv1d';
      filters: number;
      kernelSize: number;
      strides: number;
      padding: Padding;
      activation: Activation;
      useBias: boolean;
    })
  | (LayerStepBase & { type: 'max_pool2d'; poolSize: [number, number]; strides: [number, number]; padding: Padding })
  | (LayerStepBase & { type: 'average_pool2d'; poolSize: [number, number]; strides: [number, number]; padding: Padding })
  | (LayerStepBase & { type: 'global_average_pool2d' | 'global_max_pool2d' })
  | (LayerStepBase & { type: 'average_pool1d' | 'max_pool1d'; poolSize: number; strides: number; padding: Padding })
  | (LayerStepBase & { type: 'global_average_pool1d' | 'global_max_pool1d' })
  | (LayerStepBase & {
      type: 'batch_norm';
      momentum: number;
      epsilon: number;
      /** Training moves these parameters (moving_mean, moving_variance) from the batch statistics. */
      movingStatistics: { mean: string; variance: string };
    });

// ---------------------------------------------------------------------------------------------------
// Loss, penalties, update, constraints

export interface LossPlan {
  kind: LossType;
  /** Units of the model's output. */
  outputUnits: number;
  /**
   * 'one_hot': softmax cross-entropy and per-class MSE; 'column': one output unit (sigmoid logit, regression
   * on the label); 'columns': the data's real-valued target columns; 'input': the example's input, flattened;
   * 'positions': one integer class label per position (csv `labels:`), [batch, steps].
   */
  targetEncoding: 'one_hot' | 'column' | 'columns' | 'input' | 'positions';
  /** 'positions' only: the positions of the [positions, outputUnits] output. */
  positions?: number;
  /**
   * How the evaluation metric counts an example: accuracy by the largest output, the positive logit or the
   * nearest label value; 'binary_accuracy': the fraction of the example's outputs whose logit sign matches its
   * 0/1 target (targets thresholded at 0.5); 'absolute_error': the mean |output − target| over its outputs (MAE);
   * 'position_argmax': the fraction of the example's positions whose largest logit is the position's label.
   */
  correct: 'argmax' | 'positive_logit' | 'rounded_output' | 'binary_accuracy' | 'absolute_error' | 'position_argmax';
  /** The metric's name in metrics.jsonl (val_<metric>, test_<metric>). */
  metric: 'accuracy' | 'binary_accuracy' | 'mae';
  /** huber only: δ. */
  huberDelta?: number;
  /** One weight per class: the training loss is Σ w_yi·l_i / N (Keras class_weight); evaluation is unweighted. */
  classWeight?: number[];
  /** The class_weight key. */
  classWeightLine?: SpecLine;
  /** The training section (loss, optimizer, steps). */
  line: SpecLine;
}

/** A penalty on one layer's output in the training step: λ·Σ|a| (l1) or λ·Σa² (l2), divided by the batch size. */
export interface ActivityPenaltyPlan {
  /** Unique snake_case id: `l1_code_activity`. */
  id: string;
  /** The layer whose output (after its activation) is penalized. */
  layer: string;
  kind: 'l1' | 'l2';
  coefficient: number;
  /** The key/value in activity_regularizer. */
  line: SpecLine;
}

/** One named term of the penalty, `loss = data loss + Σ terms`. */
export type PenaltyPlan = PenaltyBase &
  (
    | {
        /** λ·Σw² (Keras convention); gradient 2λw. */
        kind: 'l2';
      }
    | {
        /** λ·Σ|w|; gradient λ·sign(w), sign(0) = 0. */
        kind: 'l1';
      }
    | {
        /**
         * `dropout_aware: true` with a dropout layer next to the parameter: λ·Σ U⊙w², U the fraction
         * of the batch's examples whose dropout masks used each weight; gradient 2λ·U⊙w. It needs the
         * step's masks, so only the training step can compute its gradient. Without a dropout layer
         * next to it, it is plain 'l2'.
         */
        kind: 'dropout_aware_l2';
        /** The dropout layers whose masks decide the usage: after the layer ('units'), before it ('inputs'). */
        masks: { layer: string; rate: number; side: 'units' | 'inputs' }[];
        /** Π(1 − rate) over the masks: E[penalty] = λ·expectedScale·Σw². */
        expectedScale: number;
        /** λ·expectedScale: penalty() logs the expected value (the masks are gone at logging time). */
        expectedCoefficient: number;
        /** The `dropout_aware` key. */
        awareLine: SpecLine;
      }
  );

interface PenaltyBase {
  /** Unique snake_case id: `l2_hidden_kernel`; a second term of one kind on one parameter gets `_2`. */
  id: string;
  /** Parameter id it penalizes. */
  parameter: string;
  /** λ. */
  coefficient: number;
  /** The key/value in the spec that asked for it. */
  line: SpecLine;
  /** 'rule' (a top-level regularization rule) or 'shorthand' (a layer's kernel_/bias_regularizer). */
  origin: 'rule' | 'shorthand';
}

export type OptimizerPlan =
  | { type: 'sgd'; momentum: number; momentumRamp?: MomentumRampIR; nesterov: boolean }
  | { type: 'adam'; beta1: number; beta2: number; epsilon: number }
  | { type: 'adamw'; beta1: number; beta2: number; epsilon: number; weightDecay: number; exclude: string[] }
  | { type: 'rmsprop'; rho: number; momentum: number; epsilon: number }
  | { type: 'adadelta'; rho: number; epsilon: number };

export interface UpdatePlan {
  optimizer: OptimizerPlan;
  /** Constant, or a schedule of the iteration (updates already applied). */
  learningRate: LearningRateIR;
  /**
   * Per-parameter optimizer state: none (plain SGD), a momentum velocity, Adam's two moments, or
   * RMSprop's mean square (and velocity when its momentum > 0).
   */
  slots: 'none' | 'momentum' | 'adam' | 'rmsprop' | 'adadelta';
  /** The optimizer entry in the spec. */
  line: SpecLine;
  /** The learning_rate entry, when it is a schedule object. */
  learningRateLine?: SpecLine;
  /** One entry per trainable parameter, in weight order. */
  parameters: ParameterUpdatePlan[];
}

export interface ParameterUpdatePlan {
  parameter: string;
  /** AdamW's decoupled decay, w ← w − η·λ·w before the Adam step; null when excluded or not AdamW. */
  weightDecay: { rate: number; line: SpecLine } | null;
}

export type ConstraintPlan = ConstraintBase &
  (
    | { kind: 'max_norm'; maxValue: number }
    | { kind: 'non_neg' }
    | { kind: 'unit_norm' }
  );

interface ConstraintBase {
  parameter: string;
  /**
   * Axes of one output unit's incoming weights in Keras layout ([0] for a dense kernel [in, units]; all
   * but the last for a conv kernel). Norm constraints reduce over them (Keras semantics: per output
   * unit); a target holding a weight in another layout maps them.
   */
  axes: { keras: number[] };
  line: SpecLine;
  origin: 'rule' | 'shorthand';
}

// ---------------------------------------------------------------------------------------------------
// Data, loop, metrics

/**
 * A data file of the spec. `written` is the path as the spec has it; `resolved` is where it is: an
 * absolute path as written, else the path joined to the spec file's folder (relative to the build's
 * working directory, like source.file). Printers make it relative to where the code they print lives.
 */
export interface DataPath {
  written: string;
  resolved: string;
  absolute: boolean;
}

interface DataBase {
  /** Examples of each split: validation is carved from the training pool, test from the test pool. */
  train: number;
  validation: number;
  test: number;
  /** Number of classes (labels 0..classes-1). */
  classes: number;
  /** Shape of one example as stored by the source, before reshaping to the input. */
  featureShape: number[];
  /** The split's seed: always the spec's training.seed, never the run's --seed. */
  seed: number;
  /** The data section. */
  line: SpecLine;
}

export type DataPlan =
  | (DataBase & { source: 'mnist' })
  | (DataBase & FileDataSource<DataPath>)
  | (DataBase & { source: 'synthetic'; examples: number; features: number });

export interface LoopPlan {
  /** Default number of steps (the run's --steps overrides it). */
  steps: number;
  batchSize: number;
  /** Default logging interval (--eval-every). */
  evalEvery: number;
  /** Default run seed (--seed): initial weights, dropout masks, batch order. */
  seed: number;
  /** Default output folder of a run (--out). */
  out: string;
  /** Examples per evaluation batch. */
  evaluationBatchSize: number;
  /** Stop when the validation value stops improving (Keras EarlyStopping, counted in evaluations). */
  earlyStopping?: EarlyStoppingPlan;
  /** The training section. */
  line: SpecLine;
}

export interface EarlyStoppingPlan {
  /** The metrics.jsonl field watched. */
  monitor: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
  /** min: improvement is monitor < best − minDelta; max: monitor > best + minDelta. */
  mode: 'min' | 'max';
  /** Evaluations in a row without improvement that stop training. */
  patience: number;
  minDelta: number;
  /** End with the best evaluation's weights (kept in <out>/checkpoint/best.ckpt). */
  restoreBest: boolean;
  /** The early_stopping key. */
  line: SpecLine;
}

/**
 * A logged metric beyond the losses and validation (see the header).
 */
export type MetricPlan = {
  /**
   * `max_norm_rescaled`: per parameter with a max-norm constraint, the fraction of its units the
   * constraint rescaled per update since the previous logging point (0: it did nothing).
   */
  kind: 'max_norm_rescaled';
  /** Parameter id and its number of units (last axis in Keras layout), in constraint order. */
  parameters: { parameter: string; units: number }[];
};
