/**
 * The spec as written, after schema validation: TypeScript's view of ./schema-definition.ts
 * (snake_case, optional fields still optional; defaults are filled during lowering in src/ir).
 */
import type { Activation, InitializerType, LossType, Padding } from '../ir/types.js';

export type IntPair = number | [number, number];
/** A parameter's rank, kind or layer type; matches the parameters that satisfy every key. */
export interface SelectorMapping {
  ndim?: number | string;
  kind?: string | string[];
  layer_type?: string | string[];
}
export type Selector = string | SelectorMapping;
export type Selectors = Selector | Selector[];

export type InitializerSpec =
  | InitializerType
  | { type: InitializerType; value?: number; mean?: number; stddev?: number; minval?: number; maxval?: number; gain?: number };

export interface RegularizerSpec {
  l1?: number;
  l2?: number;
  /** With l2: penalize only the weights the step's dropout masks used. */
  dropout_aware?: boolean;
}
export interface ConstraintSpec {
  max_norm?: number;
  non_neg?: true;
  unit_norm?: true;
}

interface WeightedLayerFields {
  activation?: Activation;
  use_bias?: boolean;
  kernel_init?: InitializerSpec;
  bias_init?: InitializerSpec;
  kernel_regularizer?: RegularizerSpec;
  bias_regularizer?: RegularizerSpec;
  kernel_constraint?: ConstraintSpec;
  /** A penalty on the layer's output (Keras activity_regularizer). */
  activity_regularizer?: { l1?: number; l2?: number };
}

/** The dropout placements and activation penalties of lstm and gru (docs/spec-v2.md#recurrent-dropout). */
export interface RecurrentPlacementFields {
  input_dropout?: number;
  recurrent_dropout?: number;
  weight_drop?: number;
  activation_regularization?: number;
  temporal_activation_regularization?: number;
}

export type LayerSpec = { name?: string; from?: string | string[] } & (
  | ({ type: 'dense'; units: number; tie?: string } & WeightedLayerFields)
  | { type: 'embedding'; vocabulary: number; width: number; init?: InitializerSpec; row_dropout?: number }
  | { type: 'position_embedding'; init?: InitializerSpec }
  | { type: 'layer_norm'; epsilon?: number; use_bias?: boolean }
  | {
      type: 'causal_self_attention';
      heads: number;
      use_bias?: boolean;
      attention_dropout?: number;
      kernel_init?: InitializerSpec;
      proj_init?: InitializerSpec;
    }
  | ({
      type: 'lstm';
      units: number;
      layers?: number;
      bidirectional?: boolean;
      return_sequences?: boolean;
      dropout?: number;
      kernel_init?: InitializerSpec;
      recurrent_init?: InitializerSpec;
      unit_forget_bias?: boolean;
    } & RecurrentPlacementFields)
  | ({
      type: 'gru';
      units: number;
      layers?: number;
      bidirectional?: boolean;
      return_sequences?: boolean;
      dropout?: number;
      kernel_init?: InitializerSpec;
      recurrent_init?: InitializerSpec;
    } & RecurrentPlacementFields)
  | { type: 'add' }
  | { type: 'drop_path'; rate: number }
  | { type: 'block'; repeat?: number; layers: LayerSpec[] }
  | { type: 'dropout'; rate: number }
  | { type: 'activation'; activation: Activation }
  | { type: 'flatten' }
  | ({ type: 'conv2d'; filters: number; kernel_size: IntPair; strides?: IntPair; padding?: Padding } & WeightedLayerFields)
  | ({ type: 'conv1d'; filters: number; kernel_size: number; strides?: number; padding?: Padding } & WeightedLayerFields)
  | { type: 'max_pool2d'; pool_size?: IntPair; strides?: IntPair; padding?: Padding }
  | { type: 'average_pool2d'; pool_size?: IntPair; strides?: IntPair; padding?: Padding }
  | { type: 'global_average_pool2d' | 'global_max_pool2d' }
  | { type: 'average_pool1d' | 'max_pool1d'; pool_size?: number; strides?: number; padding?: Padding }
  | { type: 'global_average_pool1d' | 'global_max_pool1d' }
  | { type: 'batch_norm'; momentum?: number; epsilon?: number }
);

interface DataCounts {
  train: number;
  validation?: number;
  test?: number;
}
export type CountedDataSpec = DataCounts &
  (
    | { source: 'mnist' }
    | { source: 'idx'; classes?: number; train_images: string; train_labels: string; test_images: string; test_labels: string }
    | { source: 'csv'; classes?: number; path: string; label?: string; features?: string[]; targets?: string[]; labels?: string[]; standardize?: boolean }
    | { source: 'synthetic'; classes: number; examples: number; features: number }
  );
export interface SequenceFields {
  block_size: number;
  eval_batches?: number;
}
export type SequenceDataSpec =
  | (SequenceFields & { source: 'text'; path: string; level?: 'char'; train_fraction?: number })
  | (SequenceFields & { source: 'tokens'; train_path: string; validation_path: string; dtype: 'uint16' | 'uint32'; vocabulary: number });
export type DataSpec = CountedDataSpec | SequenceDataSpec;

/** A schedule's fields, its name as `name` (see ../ir/lower-schedule.ts: written under `type` or `schedule`). */
export type ScheduleFields =
  | ({ name: 'exponential_decay'; initial: number; decay_steps: number; decay_rate: number; staircase?: boolean } & WarmupFields)
  | { name: 'warmup_cosine'; initial: number; warmup_steps: number; decay_steps: number; minimum: number }
  | ({ name: 'piecewise_constant'; boundaries: number[]; values: number[] } & WarmupFields)
  | ({ name: 'inverse_time_decay'; initial: number; decay_rate: number; decay_steps?: number; staircase?: boolean } & WarmupFields)
  | {
      name: 'reduce_on_plateau';
      initial: number;
      monitor?: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
      factor?: number;
      patience?: number;
      min_delta?: number;
      cooldown?: number;
      min_lr?: number;
    };
interface WarmupFields {
  warmup_steps?: number;
  unit?: 'steps' | 'epochs';
}
type WrittenSchedule<T> = T extends { name: infer N } ? Omit<T, 'name'> & ({ type: N; schedule?: undefined } | { schedule: N; type?: undefined }) : never;
export type LearningRateSpec = number | WrittenSchedule<ScheduleFields>;
export type MomentumSpec = number | { type: 'linear_ramp'; initial: number; final: number; ramp_steps: number; unit?: 'steps' | 'epochs' };

export type OptimizerSpec = { learning_rate?: LearningRateSpec } & (
  | { type: 'sgd'; momentum?: MomentumSpec; nesterov?: boolean }
  | { type: 'adam'; beta1?: number; beta2?: number; epsilon?: number }
  | { type: 'adamw'; beta1?: number; beta2?: number; epsilon?: number; weight_decay?: number; exclude?: Selectors }
  | { type: 'rmsprop'; rho?: number; momentum?: number; epsilon?: number }
  | { type: 'adadelta'; rho?: number; epsilon?: number }
);

export interface RegularizationRuleSpec extends RegularizerSpec {
  params: Selectors;
}
export interface ConstraintRuleSpec extends ConstraintSpec {
  params: Selectors;
}

export interface TrainingSpec {
  loss: LossType;
  optimizer: OptimizerSpec;
  batch_size?: number;
  steps?: number;
  epochs?: number;
  eval_every?: number;
  seed?: number;
  clip_grad_norm?: number;
  label_smoothing?: number;
  target?: 'labels' | 'input';
  huber_delta?: number;
  class_weight?: number[];
  early_stopping?: EarlyStoppingSpec;
}

export interface EarlyStoppingSpec {
  monitor?: 'val_loss' | 'val_accuracy' | 'val_binary_accuracy' | 'val_mae';
  patience: number;
  min_delta?: number;
  restore_best?: boolean;
}

export interface SpecDocument {
  mlpc: 1 | 2;
  name: string;
  description?: string;
  data: DataSpec;
  model: { input: number[]; layers: LayerSpec[] };
  regularization?: RegularizationRuleSpec[];
  constraints?: ConstraintRuleSpec[];
  training: TrainingSpec;
}
