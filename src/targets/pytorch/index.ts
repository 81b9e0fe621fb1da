/**
 * The PyTorch target: a script per spec (src/compiler/emit/pytorch/) beside the shared Python runtime,
 * run by a Python that imports torch (plain, or under torchrun for several processes). The printer and
 * the process handling are loaded only when a build checks obstacles or emits, or a run prepares a script.
 */
import { modelFiles } from '../../compiler/build/output-plan.js';
import { commonScriptFlags, type Target } from '../../compiler/build/target.js';
import { packageVersion, pythonRuntimeFileNames, pythonRuntimeFiles } from './runtime-file.js';

export const pytorchTarget: Target = {
  name: 'pytorch',
  label: 'PyTorch',
  extension: '.py',
  comment: '#',

  expectedFiles(irs) {
    return irs.length === 0 ? [] : [...modelFiles(irs, '.py'), ...pythonRuntimeFileNames().map((fileName) => ({ fileName, sources: [] }))];
  },

  defaultOut(modelName) {
    return `runs/${modelName}-pytorch`;
  },

  async obstacles(irs) {
    const { pytorchObstacles } = await import('../../compiler/emit/pytorch/emit-pytorch.js');
    // Graph models print too (graph-module.ts): the printer's own obstacles say what it cannot express.
    return irs.flatMap((ir) => pytorchObstacles(ir));
  },

  async emit(irs, context) {
    const { emitPytorchScript } = await import('../../compiler/emit/pytorch/emit-pytorch.js');
    const version = packageVersion();
    const scripts = irs.map((ir) => emitPytorchScript(ir, { version, scriptDir: context.out, cwd: context.cwd }));
    return [...scripts.map(({ fileName, text }) => ({ fileName, text })), ...pythonRuntimeFiles(version)];
  },

  trainFlags: ['--threads', '--device', '--processes'],
  debugFlags: [],

  scriptFlags(options) {
    const flags = commonScriptFlags(options);
    if (options.evalEvery !== undefined) flags.push('--eval-every', String(options.evalEvery));
    if (options.threads !== undefined) flags.push('--threads', String(options.threads));
    if (options.device !== undefined) flags.push('--device', options.device);
    return flags;
  },

  async prepareRun(ir, options) {
    const { preparePytorchRun } = await import('./python.js');
    return preparePytorchRun(ir, options.processes ?? 1);
  },
};
