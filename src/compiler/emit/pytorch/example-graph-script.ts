/**
 * A graph model trained on examples (spec v2 on mnist, idx, csv or synthetic data: a residual MLP):
 * the graph's modules, initial draws and WEIGHTS table as a language model's script prints them
 * (graph-module.ts, graph-parameters.ts, graph-script.ts), with a sequential model's training
 * (data, loss and targets, evaluation, early stopping, schedules, checkpoints: data.ts, loss.ts,
 * update.ts, main.ts). model.json holds the graph's topology and its weights by parameter id.
 */
import type { ExampleGraphPlan } from '../plan/graph-types.js';
import { loadDataFunction, type DataFileOptions } from './data.js';
import { graphModuleClasses } from './graph-module.js';
import { graphInitFunction, graphSavedModel, graphTorchParameters } from './graph-parameters.js';
import { graphDecayGroups } from './graph-training.js';
import { headerLines } from './header.js';
import { lossFunctions } from './loss.js';
import { mainFunction } from './main.js';
import { entryPoint, joinBlocks, scriptImports } from './script-file.js';
import { at } from './spec-lines.js';
import { constraintsFunction, hasPlateau, hasSchedule, optimizerFunction, penaltyFunction } from './update.js';

export function printExampleGraphScript(plan: ExampleGraphPlan, options: DataFileOptions & { version: string }): { name: string; fileName: string; text: string } {
  if (plan.metrics.length > 0) throw new Error('internal: max_norm_rescaled on a graph model is refused before printing');
  const params = graphTorchParameters(plan);
  const decayGroups = plan.update.optimizer.type === 'adamw' ? graphDecayGroups(plan) : undefined;
  const blocks: string[][] = [
    [...headerLines(plan, options.version, options.scriptDir), ...scriptImports(), '', `BATCH_SIZE = ${plan.loop.batchSize}  # ${at(plan.loop.line)}`],
    ...graphModuleClasses(plan),
    graphInitFunction(plan, params),
    penaltyFunction(plan, params),
    ...lossFunctions(plan),
    optimizerFunction(plan, params, decayGroups),
    constraintsFunction(plan, params),
    loadDataFunction(plan, options),
    graphSavedModel(plan, params),
    mainFunction(plan, { schedule: hasSchedule(plan), plateau: hasPlateau(plan), maxNormActivity: false, saved: 'graph', clipGradNorm: plan.loop.clipGradNorm }),
    entryPoint,
  ];
  return { name: plan.name, fileName: `${plan.name}.py`, text: joinBlocks(blocks) };
}
