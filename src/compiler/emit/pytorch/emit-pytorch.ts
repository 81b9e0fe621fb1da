/**
 * `--target pytorch`: a model's plan as a standalone PyTorch training script, `generated/<name>.py`,
 * that imports the runtime package `mlpc_runtime/` written beside it.
 *
 * The script reads as hand-written PyTorch: an nn.Module whose submodules carry the spec's layer
 * names, the loss as the sum of named penalty terms with their spec lines, torch.optim optimizers,
 * constraints after each update, and a `main()` whose loop shows the step while the runtime keeps the
 * bookkeeping. Keras semantics where they differ from PyTorch's defaults (initializer formulas and
 * fans, batch-norm momentum, max_norm axes, RMSprop's epsilon, SGD momentum under a schedule) are
 * spelled out or delegated to the runtime. The same spec gives the same data split and batch order as
 * the TypeScript target.
 *
 * A printer of the target-neutral plan (../plan.ts): every decision is the plan's; these modules
 * choose PyTorch's spelling, one part of the script each (module.ts, parameters.ts, update.ts,
 * data.ts, keras-model.ts, main.ts, header.ts), building expressions as structures that one
 * formatter lays out (python-expr.ts). Only obstacles.ts reads the IR, for diagnostics at spec lines.
 */
import type { ModelIR } from '../../ir/types.js';
import type { ModelPlan } from '../plan.js';
import { planModel } from '../plan/plan-model.js';
import { isGraphModel, planGraphModel } from '../plan/plan-graph-model.js';
import { printGraphScript } from './graph-script.js';
import { printExampleGraphScript } from './example-graph-script.js';
import { loadDataFunction, type DataFileOptions } from './data.js';
import { headerLines } from './header.js';
import { kerasModel } from './keras-model.js';
import { mainFunction } from './main.js';
import { activityPenaltyFunction, lossFunctions } from './loss.js';
import { moduleClass } from './module.js';
import { initFunction, torchParameters } from './parameters.js';
import { at } from './spec-lines.js';
import { constraintsFunction, hasPlateau, hasSchedule, maxNormMetric, optimizerFunction, penaltyFunction } from './update.js';
import { entryPoint, joinBlocks, scriptImports } from './script-file.js';

export { pytorchObstacles } from './obstacles.js';
export { pytorchFlagsUsage } from './header.js';

export interface EmittedPythonScript {
  name: string;
  /** `<name>.py`, relative to the output folder. */
  fileName: string;
  text: string;
}

/** How the script is printed: the header's version, and where it finds the spec's data files. */
export interface PytorchPrintOptions extends DataFileOptions {
  /** mlpc's version, for the header. */
  version: string;
}

export function printPytorchScript(plan: ModelPlan, options: PytorchPrintOptions): EmittedPythonScript {
  const params = torchParameters(plan);
  const metric = maxNormMetric(plan);
  const blocks: string[][] = [
    [
      ...headerLines(plan, options.version, options.scriptDir),
      ...scriptImports(),
      '',
      `BATCH_SIZE = ${plan.loop.batchSize}  # ${at(plan.loop.line)}`,
    ],
    moduleClass(plan),
    initFunction(params),
    penaltyFunction(plan, params),
    activityPenaltyFunction(plan),
    ...lossFunctions(plan),
    optimizerFunction(plan, params),
    constraintsFunction(plan, params),
    loadDataFunction(plan, options),
    kerasModel(plan),
    mainFunction(plan, { schedule: hasSchedule(plan), plateau: hasPlateau(plan), maxNormActivity: metric !== undefined, saved: 'keras', clipGradNorm: null }),
    entryPoint,
  ];
  return { name: plan.name, fileName: `${plan.name}.py`, text: joinBlocks(blocks) };
}

/** The IR's PyTorch script, through the plan (callers check pytorchObstacles first). */
export function emitPytorchScript(ir: ModelIR, options: PytorchPrintOptions): EmittedPythonScript {
  // Spec v2's graphs and language models have their own plan and printer (graph-script.ts).
  if (isGraphModel(ir)) {
    const plan = planGraphModel(ir);
    // A graph trained on examples: the graph's modules with a sequential model's training.
    if (plan.task === 'examples') return printExampleGraphScript(plan, options);
    return printGraphScript(plan, options);
  }
  return printPytorchScript(planModel(ir), options);
}
