/**
 * Per workload: mlpc's generated step, the tf.layers fit step (stock, and for conv nets with a JS
 * filter gradient registered), PyTorch when available; FLOPs from the IR and achieved GFLOP/s
 * (run.mjs adds the fraction of the peak matMul measured in the same run).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runBenchChild, repoRoot } from '../lib/child.mjs';
import { loadIr } from '../lib/load-ir.mjs';
import { trainingStepFlops } from '../lib/flops.mjs';
import { mlpShape } from '../lib/mlp-shape.mjs';
import { referenceBlasAvailable, referenceBlasDir, torchStep } from '../lib/torch.mjs';
import { scaleSteps } from '../workloads.mjs';

async function attempt(run) {
  try {
    return await run();
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error.message.split('\n').slice(0, 3).join(' | ') : String(error) };
  }
}

async function fitFigure(spec, plan, extraArgs = []) {
  if (!plan) return undefined;
  return attempt(() => runBenchChild('layers-fit.mjs', ['--spec', spec, '--steps', String(plan.steps), '--warmup', String(plan.warmup), ...extraArgs]));
}

export async function measureWorkload(workload, { torch, divisor, log }) {
  const spec = workload.spec;
  const result = { name: workload.name, title: workload.title, spec };
  if (!existsSync(path.join(repoRoot, spec))) return { ...result, status: 'missing', error: `${spec} does not exist yet` };
  let ir;
  try {
    ir = await loadIr(path.join(repoRoot, spec));
  } catch (error) {
    return { ...result, status: 'error', error: error.message };
  }
  result.batch = ir.training.batchSize;
  result.flops = trainingStepFlops(ir.layers, ir.training.batchSize);

  log(`  ${workload.name}: mlpc generated script`);
  const mlpcPlan = scaleSteps(workload.mlpc, divisor);
  result.mlpc = await attempt(async () => ({
    status: 'ok',
    ...(await runBenchChild('mlpc-step.mjs', ['--spec', spec, '--steps', String(mlpcPlan.steps), '--steps-short', String(mlpcPlan.short)])),
  }));
  log(`  ${workload.name}: tf.layers fit`);
  result.fit = await fitFigure(spec, scaleSteps(workload.fit, divisor));
  if (workload.fitPatched) {
    log(`  ${workload.name}: tf.layers fit with a JS Conv2DBackpropFilter`);
    result.fitPatched = await fitFigure(spec, scaleSteps(workload.fitPatched, divisor), ['--patch-conv-filter']);
  }
  const shape = mlpShape(ir);
  if (torch && shape && workload.torch) {
    const plan = scaleSteps(workload.torch, divisor);
    log(`  ${workload.name}: PyTorch`);
    result.torch1 = await attempt(() => torchStep(torch.python, shape, { threads: 1, ...plan }));
    result.torch2 = await attempt(() => torchStep(torch.python, shape, { threads: 2, ...plan }));
    if (workload.torchReferenceBlas && result.torch1.status === 'ok' && referenceBlasAvailable(result.torch1)) {
      log(`  ${workload.name}: PyTorch on Debian's reference BLAS`);
      result.torchReferenceBlas = await attempt(() =>
        torchStep(torch.python, shape, { threads: 1, steps: Math.ceil(plan.steps / 3), warmup: 2, blasDir: referenceBlasDir }));
    }
  }

  // every figure twice: wall clock (what a user waits) and CPU time (what a shared machine does not inflate)
  for (const clock of ['ms', 'cpuMs']) {
    const mlpcMs = result.mlpc?.[clock]?.median;
    const fitMs = result.fit?.status === 'ok' ? result.fit[clock].median : undefined;
    const patchedMs = result.fitPatched?.status === 'ok' ? result.fitPatched[clock].median : undefined;
    if (!mlpcMs) continue;
    result[clock === 'ms' ? 'wall' : 'cpu'] = {
      gflops: result.flops.step / mlpcMs / 1e6,
      speedupVsFit: fitMs ? fitMs / mlpcMs : undefined,
      speedupVsFitPatched: patchedMs ? patchedMs / mlpcMs : undefined,
    };
  }
  const mlpcMs = result.mlpc?.ms?.median;
  result.status = mlpcMs ? 'ok' : 'error';
  return result;
}
