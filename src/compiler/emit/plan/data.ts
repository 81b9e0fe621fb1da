/**
 * The data section: source, split sizes, the split seed (the spec's training.seed, so runs with
 * different --seed train and test on the same examples) and data files resolved against the spec file.
 */
import { posix } from 'node:path';
import type { ModelIR } from '../../ir/types.js';
import type { DataPath, DataPlan } from '../plan.js';
import { specLine } from './spec-line.js';

/** A spec's data path: absolute as written, else relative to the spec file's folder. */
export function resolveDataPath(specFile: string, written: string): DataPath {
  const path = written.replace(/\\/g, '/');
  const absolute = posix.isAbsolute(path) || /^[A-Za-z]:\//.test(path);
  const resolved = absolute ? path : posix.normalize(posix.join(posix.dirname(specFile.replace(/\\/g, '/')), path));
  return { written, resolved, absolute };
}

export function planData(ir: ModelIR): DataPlan {
  const data = ir.data;
  const file = (written: string) => resolveDataPath(ir.source.file, written);
  const base = {
    train: data.train,
    validation: data.validation,
    test: data.test,
    classes: data.classes,
    featureShape: [...data.featureShape],
    seed: ir.training.seed,
    line: specLine(ir, data.ref.location.line),
  };
  switch (data.source) {
    case 'mnist':
      return { ...base, source: 'mnist' };
    case 'idx':
      return {
        ...base,
        source: 'idx',
        trainImages: file(data.trainImages),
        trainLabels: file(data.trainLabels),
        testImages: file(data.testImages),
        testLabels: file(data.testLabels),
      };
    case 'csv':
      return { ...base, source: 'csv', path: file(data.path), ...(data.label === undefined ? {} : { label: data.label }), ...(data.targets ? { targets: [...data.targets] } : {}), ...(data.labels ? { labels: [...data.labels] } : {}), ...(data.features ? { features: [...data.features] } : {}), ...(data.standardize ? { standardize: true as const } : {}) };
    case 'synthetic':
      return {
        ...base,
        source: 'synthetic',
        examples: data.train + data.validation + data.test,
        features: data.featureShape.reduce((product, dim) => product * dim, 1),
      };
    case 'text':
    case 'tokens':
      // The build refuses these sources before planning (unsupportedByPrinters) until the printers support them.
      throw new Error(`the plan does not support data source ${data.source} yet`);
  }
}
