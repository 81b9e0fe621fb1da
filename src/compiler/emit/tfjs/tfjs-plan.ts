/**
 * The TypeScript target's plan: the neutral ModelPlan (../plan.ts) with the decisions that exist for
 * speed on tfjs-wasm, made by lowerForTfjs (lower.ts). The PyTorch printer never sees these.
 */
import type { ConstraintPlan, LayerStep, ModelPlan, ParameterPlan, ParameterUpdatePlan, UpdatePlan } from '../plan.js';

export type TfjsParameter = ParameterPlan & {
  /**
   * How the training code holds it. 'units_major': a dense kernel kept as [units, in] (drawn and saved
   * in Keras layout, transposed once); 'keras': as `shape` says.
   */
  storage: 'keras' | 'units_major';
  /** Shape as held in training: `shape`, or [units, in] for 'units_major'. */
  storedShape: number[];
};

export type TfjsLayerStep = LayerStep & {
  /**
   * What the hand-written backward pass does at this layer: 'full' (gradients of its parameters, if
   * any, and of its input), 'parameters_only' (the first layer with trainable parameters: no input
   * gradient), 'none' (before that layer: nothing upstream needs a gradient).
   */
  backward: 'full' | 'parameters_only' | 'none';
  /** The step's dropout seed plus this offset seeds a dropout layer's mask (a fresh mask every step). */
  seedOffset: number;
};

export type TfjsConstraint = ConstraintPlan & {
  /** `axes.keras` in the parameter's stored layout ([1] for a units-major dense kernel). */
  storedAxes: number[];
};

export type TfjsParameterUpdate = ParameterUpdatePlan & {
  /**
   * Penalty ids whose gradients are added to the data-loss gradient before the optimizer sees it
   * (every penalty on the parameter, unless folded or added by the step).
   */
  addedGradients: string[];
  /**
   * Plain SGD with only L2 terms on the parameter: w ← w·(1 − 2ηλ) − η·dW with λ the sum of the
   * terms' coefficients; exact, and fewer passes over w. Null otherwise.
   */
  foldedL2: { penalties: string[]; coefficient: number } | null;
  /**
   * Penalty ids (dropout_aware_l2) whose gradients the training step adds to the data-loss gradient,
   * since they need the step's dropout masks; never in addedGradients, never folded.
   */
  stepGradients: string[];
};

/** Whether `--workers N` (units split across threads, src/runtime/workers/) can train this model. */
export type WorkersPlan = { splittable: true } | { splittable: false; reason: string };

export type TfjsPlan = Omit<ModelPlan, 'parameters' | 'layers' | 'update' | 'constraints'> & {
  parameters: TfjsParameter[];
  layers: TfjsLayerStep[];
  update: Omit<UpdatePlan, 'parameters'> & { parameters: TfjsParameterUpdate[] };
  constraints: TfjsConstraint[];
  workers: WorkersPlan;
};
