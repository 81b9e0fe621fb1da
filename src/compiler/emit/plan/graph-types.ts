/**
 * The plan of a graph model (spec v2): layers that name their inputs, blocks written once and
 * repeated, tied parameters, and what it trains on: a language model's token windows, or examples
 * with labels or targets as a sequential model's (a residual MLP on MNIST). Target-neutral, plain data, as
 * ../plan.ts; it reuses that module's parameter, penalty, update and constraint plans unchanged, and
 * adds what a sequential model never needed. Built by planGraphModel (plan-graph-model.ts).
 */
import type { Activation, ParamName } from '../../ir/types.js';
import type { ConstraintPlan, DataPath, DataPlan, LoopPlan, LossPlan, MetricPlan, ParameterPlan, PenaltyPlan, SpecLine, UpdatePlan } from '../plan.js';

/** A graph model: a language model (`task: 'language_model'`) or one trained on examples (`'examples'`). */
export type GraphModelPlan = LanguageModelPlan | ExampleGraphPlan;

interface GraphPlanBase {
  planVersion: 1;
  kind: 'graph';
  name: string;
  description?: string;
  source: { file: string; sha256: string };
  /** Shape of one example (no batch dimension): [block_size] token ids, or [784]. */
  input: { shape: number[] };
  /**
   * Every parameter tensor once, under its owner's id, in the model's weight order; `weightName`
   * is the id (saved models name weights by id). A tied alias is not a parameter: see `ties`.
   */
  parameters: ParameterPlan[];
  /** Ids that name another layer's tensor (`lm_head.kernel` → `wte.embeddings`). */
  ties: { alias: string; owner: string; layer: string }[];
  /** The top level in order: layers, and runs of a repeated block. */
  steps: GraphStep[];
  /** Each block's layers, written once (local names; instance i's parameters are `<name>.<i>.…`). */
  blocks: BlockPlan[];
  penalties: PenaltyPlan[];
  /** AR and TAR terms on recurrent layers' outputs, in layer order; each is part of reg_penalty. */
  sequencePenalties: SequencePenaltyPlan[];
  update: UpdatePlan;
  /** AdamW: per parameter, whether it is decayed and by which rule (the IR's weightDecayOrigin). */
  weightDecay: WeightDecayPlan[];
  constraints: ConstraintPlan[];
  metrics: MetricPlan[];
}

/** Next-token prediction over windows of text or token files. */
export interface LanguageModelPlan extends GraphPlanBase {
  task: 'language_model';
  loss: SequenceLossPlan;
  data: SequenceDataPlan;
  loop: SequenceLoopPlan;
}

/**
 * A graph trained on examples (mnist, idx, csv, synthetic) as a sequential model is: the same data,
 * loss, metric, evaluation and early stopping plans (../plan.ts), the forward pass a graph.
 */
export interface ExampleGraphPlan extends GraphPlanBase {
  task: 'examples';
  loss: LossPlan;
  data: DataPlan;
  loop: LoopPlan & {
    /** Global-norm gradient clipping before the update, or null. */
    clipGradNorm: number | null;
  };
}

export type GraphStep = { kind: 'layer'; layer: GraphLayer } | { kind: 'block'; block: string; instances: number; line: SpecLine };

export interface BlockPlan {
  name: string;
  instances: number;
  /** The block's layers with names local to it; 'input' is the instance's input. */
  layers: GraphLayer[];
  /** The block's entry in model.layers. */
  line: SpecLine;
}

interface GraphLayerBase {
  /** Name in its scope: `wte` at the top level, `attn` inside a block. */
  name: string;
  /** The layers feeding it, by name in the same scope, in `from` order; 'input' is the scope's input. */
  inputs: string[];
  inputShape: number[];
  outputShape: number[];
  /** Parameters by param name, as ids relative to the scope (`attn.qkv.kernel` inside block h). */
  params: Partial<Record<ParamName, string>>;
  /** The layer's entry in the spec. */
  line: SpecLine;
}

/** The dropout placements of docs/spec-v2.md#recurrent-dropout; 0 = off. */
export interface RecurrentDropoutPlan {
  /** Gal & Ghahramani 2016: one mask per sequence on each stacked layer's input. */
  inputDropout: number;
  /** Gal & Ghahramani 2016: one mask per sequence on h(t−1) into the recurrent kernel. */
  recurrentDropout: number;
  /** AWD-LSTM WeightDrop: DropConnect on each recurrent kernel, a fresh mask per batch. */
  weightDrop: number;
}

/**
 * AR and TAR (Merity et al. 2017) on a top-level recurrent layer's output h [batch, positions, units]:
 * `ar` adds coefficient·mean(h²), `tar` coefficient·mean((h(t) − h(t−1))²), in training steps.
 */
export interface SequencePenaltyPlan {
  /** Unique snake_case id: `ar_lstm`, `tar_lstm`. */
  id: string;
  /** The layer (top level) whose output is penalized. */
  layer: string;
  kind: 'ar' | 'tar';
  coefficient: number;
  /** The field's line. */
  line: SpecLine;
}

export type GraphLayer = GraphLayerBase &
  (
    /** `rowDropout`: AWD-LSTM's embedding dropout of whole rows (0 = off). */
    | { type: 'embedding'; vocabulary: number; width: number; rowDropout: number }
    | { type: 'position_embedding'; length: number; width: number }
    | { type: 'layer_norm'; epsilon: number; useBias: boolean }
    | { type: 'causal_self_attention'; heads: number; width: number; useBias: boolean; attentionDropout: number }
    /** Stacked LSTM layers; params `l<l>.kernel`, `l<l>.recurrent_kernel`, `l<l>.bias`, gates (i, f, c, o). */
    | ({ type: 'lstm'; units: number; layers: number; bidirectional: boolean; returnSequences: boolean; dropout: number } & RecurrentDropoutPlan)
    /** Stacked GRU layers (Keras reset_after=True); params `l<l>.kernel`, `l<l>.recurrent_kernel`, `l<l>.bias`, `l<l>.recurrent_bias`, gates (z, r, h). */
    | ({ type: 'gru'; units: number; layers: number; bidirectional: boolean; returnSequences: boolean; dropout: number } & RecurrentDropoutPlan)
    | { type: 'add' }
    | { type: 'drop_path'; rate: number }
    /** `tiedKernel`: the owner parameter's id ([units, in], used as the kernel transposed). */
    | { type: 'dense'; units: number; activation: Activation; useBias: boolean; tiedKernel?: string }
    | { type: 'dropout'; rate: number }
    | { type: 'activation'; activation: Activation }
  );

export interface SequenceLossPlan {
  /** Next-token softmax cross-entropy at every position, the mean over batch × positions. */
  kind: 'softmax_cross_entropy';
  /** Targets (1 − ε)·onehot + ε/K; 0: plain. */
  labelSmoothing: number;
  line: SpecLine;
}

export interface WeightDecayPlan {
  parameter: string;
  decayed: boolean;
  /** The rule as written (`{ndim: "< 2"}`, a glob) or `weight_decay` when no exclude entry matched. */
  rule: string;
  line: SpecLine;
}

interface SequenceDataBase {
  /** Tokens per window; targets are the window shifted by one. */
  blockSize: number;
  vocabulary: number;
  /** val_loss is the mean over this many fixed windows batches (nanoGPT's eval_iters). */
  evalBatches: number;
  /** Seed of the fixed evaluation windows: the spec's training.seed, never --seed. */
  evalSeed: number;
  line: SpecLine;
}

export type SequenceDataPlan =
  | (SequenceDataBase & { source: 'text'; path: DataPath; level: 'char'; trainFraction: number })
  | (SequenceDataBase & { source: 'tokens'; trainPath: DataPath; validationPath: DataPath; dtype: 'uint16' | 'uint32' });

export interface SequenceLoopPlan {
  steps: number;
  batchSize: number;
  evalEvery: number;
  seed: number;
  out: string;
  /** Global-norm gradient clipping before the update, or null. */
  clipGradNorm: number | null;
  line: SpecLine;
}
