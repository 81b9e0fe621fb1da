/**
 * `load_data`: the spec's data source through the runtime's loaders, the split from the spec's seed,
 * checked against the model and returned as tensors on the device. Data files are found relative to
 * the script (a build) or at their absolute paths (a run of `mlpc train`).
 */
import { posix } from 'node:path';
import type { DataPath, DataPlan, ModelPlan } from '../plan.js';
import { call, def, kw, list, statement, type PyExpr, type PyItem } from './python-expr.js';
import { pyString } from './python-source.js';
import { at } from './spec-lines.js';

/** Where the printed script finds the spec's data files. */
export interface DataFileOptions {
  /**
   * The folder the script will live in, relative to `cwd` (or absolute): data paths are printed
   * relative to it and resolved against the script's own folder at run time. Null: print them
   * absolute (scripts run from a cache folder by `mlpc train`).
   */
  scriptDir: string | null;
  /** The build's working directory, against which relative spec and output paths are resolved. */
  cwd: string;
}

const slashes = (path: string) => path.replace(/\\/g, '/');

/** A data file as the script finds it: beside-the-script relative, or absolute. */
export function dataFile(path: DataPath, options: DataFileOptions): PyExpr {
  if (path.absolute) return pyString(path.written);
  // `resolved` is absolute when the spec's own path was: resolve() keeps it, join() would not.
  const absolute = posix.resolve(slashes(options.cwd), path.resolved);
  if (options.scriptDir === null) return pyString(absolute);
  const relative = posix.relative(posix.resolve(slashes(options.cwd), slashes(options.scriptDir)), absolute);
  return call('mlpc.beside_script', '__file__', pyString(relative));
}

function loaderCall(data: DataPlan, outputUnits: number, file: (path: DataPath) => PyExpr): PyExpr {
  const counts = [kw('train', String(data.train)), kw('validation', String(data.validation)), kw('test', String(data.test)), kw('seed', 'seed')];
  switch (data.source) {
    case 'mnist':
      return call('mlpc.load_mnist', ...counts);
    case 'idx':
      return call('mlpc.load_idx', file(data.trainImages), file(data.trainLabels), file(data.testImages), file(data.testLabels), ...counts);
    case 'csv': {
      const features: PyItem[] = data.features ? [kw('features', list(data.features.map(pyString)))] : [];
      const target: PyItem[] = data.targets
        ? [kw('targets', list(data.targets.map(pyString)))]
        : data.labels
          ? [kw('labels', list(data.labels.map(pyString))), kw('position_classes', String(outputUnits))]
          : [kw('label', pyString(data.label ?? ''))];
      const standardize: PyItem[] = data.standardize ? [kw('standardize', 'True')] : [];
      return call('mlpc.load_csv', file(data.path), ...target, ...counts, ...features, ...standardize);
    }
    case 'synthetic':
      return call(
        'mlpc.make_synthetic',
        kw('examples', String(data.examples)),
        kw('features', String(data.features)),
        kw('classes', String(data.classes)),
        ...counts,
      );
  }
}

/** Classes the labels may take: output units, or 2 for one sigmoid/regression output. */
export function classesOf(plan: Pick<ModelPlan, 'loss'>): number {
  return plan.loss.outputUnits === 1 ? 2 : plan.loss.outputUnits;
}

/** What the loss compares the outputs with: class indices, one-hot rows, one column, target columns or the input. */
export function lossTarget(plan: Pick<ModelPlan, 'loss'>): 'labels' | 'one_hot' | 'column' | 'columns' | 'input' | 'positions' {
  if (plan.loss.kind === 'softmax_cross_entropy' && plan.loss.targetEncoding !== 'positions') return 'labels';
  return plan.loss.targetEncoding;
}

export function loadDataFunction(plan: Pick<ModelPlan, 'data' | 'input' | 'loss'>, options: DataFileOptions): string[] {
  const data = plan.data;
  const featureSize = plan.input.shape.reduce((product, dim) => product * dim, 1);
  const inputShape = `[${plan.input.shape.join(', ')}]`;
  return def('load_data(seed, device)', `${data.source}: ${data.train} train / ${data.validation} validation / ${data.test} test examples (${at(data.line)}).`, [
    ...statement('    ', 'splits = ', loaderCall(data, plan.loss.outputUnits, (path) => dataFile(path, options))),
    ...statement('    ', '', call('mlpc.check_splits_fit_model', 'splits', String(featureSize), String(classesOf(plan)), pyString(`data source ${data.source}`))),
    ...statement('    ', 'return ', call('mlpc.split_tensors', 'splits', inputShape, String(classesOf(plan)), pyString(lossTarget(plan)), 'device')),
  ]);
}
