/**
 * The TypeScript target: a TensorFlow.js model file per spec (src/compiler/emit/tfjs/, through
 * emit-script.ts) beside one runtime file they import, run with this node. Its emitter (ts-morph) and
 * TypeScript's transpiler are loaded only when a build emits or a run prepares a script.
 */
import { runtimeFileName } from '../../compiler/build/file-names.js';
import { modelFiles } from '../../compiler/build/output-plan.js';
import { commonScriptFlags, type Target } from '../../compiler/build/target.js';

export const typescriptTarget: Target = {
  name: 'typescript',
  aliases: ['tfjs'],
  label: 'TypeScript',
  extension: '.ts',
  comment: '//',

  expectedFiles(irs, layout) {
    const models = modelFiles(irs, '.ts');
    // The runtime every model file imports, unless each carries it inlined (--single-file).
    return layout.singleFile || models.length === 0 ? models : [{ fileName: runtimeFileName, sources: [] }, ...models];
  },

  // A sequential model prints in full, but for the spec-v2 knobs only graph models use (gelu, clip_grad_norm,
  // warmup_cosine, label smoothing: unsupportedByPrinters); a graph model prints unless its printer's
  // obstacles refuse it (tfjs/graph-obstacles.ts).
  async obstacles(irs) {
    const { isGraphModel } = await import('../../compiler/emit/plan/plan-graph-model.js');
    const { tfjsGraphObstacles } = await import('../../compiler/emit/tfjs/graph-obstacles.js');
    const { unsupportedByPrinters } = await import('../../compiler/ir/unsupported.js');
    return irs.flatMap((ir) => (isGraphModel(ir) ? tfjsGraphObstacles(ir) : unsupportedByPrinters(ir)));
  },

  async emit(irs, context) {
    const { emitScripts } = await import('../../compiler/emit/emit-script.js');
    return emitScripts(irs, context.out, { singleFile: context.singleFile });
  },

  trainFlags: ['--backend', '--workers'],
  debugFlags: ['--debug'],

  scriptFlags(options) {
    const flags = commonScriptFlags(options);
    if (options.backend !== undefined) flags.push('--backend', options.backend);
    if (options.evalEvery !== undefined) flags.push('--eval-every', String(options.evalEvery));
    if (options.workers !== undefined && options.workers !== 1) flags.push('--workers', String(options.workers));
    return flags;
  },

  async prepareRun(ir) {
    const { prepareRunnableScript } = await import('./prepare-script.js');
    return { scriptPath: prepareRunnableScript(ir) };
  },
};
