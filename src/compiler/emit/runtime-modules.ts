/** Which runtime modules a spec's script needs: only those, so a reader sees no dead code. */
import type { ModelIR } from '../ir/types.js';
import { constraintKinds } from './constraints.js';
import { dataModule } from './data.js';
import { hasDropoutAwarePenalty } from './dropout-aware.js';
import { unitSplitObstacle } from './workers.js';

const runtime = (name: string) => `src/runtime/${name}.ts`;
const layers = (name: string) => `src/runtime/layers/${name}.ts`;

const layerModule = {
  dense: layers('dense'),
  dropout: layers('dropout'),
  activation: layers('activation'),
  flatten: layers('flatten'),
  conv2d: layers('conv2d'),
  max_pool2d: layers('max-pool2d'),
  batch_norm: layers('batch-norm'),
} as const;

export function runtimeModulesFor(ir: ModelIR): string[] {
  const modules = [runtime('run-flags'), runtime('backend'), runtime('script-errors'), 'src/runtime/data/seeded-random.ts', dataModule[ir.data.source]];
  modules.push(runtime('initializers'));
  for (const layer of ir.layers) {
    const module = layerModule[layer.type];
    if (!modules.includes(module)) modules.push(module);
  }
  modules.push(layers('losses'));
  if (ir.parameters.some((parameter) => parameter.regularizers.length > 0)) modules.push(runtime('penalties'));
  if (hasDropoutAwarePenalty(ir)) modules.push(runtime('dropout-aware-l2'));
  const optimizer = ir.training.optimizer;
  modules.push(runtime(optimizer.type === 'adamw' ? 'adam' : optimizer.type));
  if (optimizer.learningRate.kind === 'exponential_decay') modules.push(runtime('learning-rate'));
  if (constraintKinds(ir).size > 0) modules.push(runtime('constraints'));
  modules.push(
    runtime('example-tensors'),
    runtime('batches'),
    runtime('evaluate'),
    runtime('metrics-log'),
    runtime('progress'),
    runtime('save-model'),
  );
  if (unitSplitObstacle(ir) === null) modules.push(runtime('workers/unit-split'));
  return modules;
}
