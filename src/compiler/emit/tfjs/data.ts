/**
 * loadData(seed): the spec's data source and example counts; the loop calls it with the spec's seed.
 * Data files are named relative to the model file (resolved at run time from import.meta.url), so a
 * run finds them from any working directory; absolute paths stay as written. A model file that never
 * leaves this machine (mlpc train's cache) names them absolutely instead: its folder may be reached
 * through a symlinked node_modules, which import.meta.url resolves.
 */
import { posix, resolve, relative } from 'node:path';
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { DataPath, DataPlan } from '../plan.js';
import type { RuntimeNames } from './runtime-names.js';
import { type PrintContext, lineText } from './context.js';
import { stringLiteral } from './literals.js';

/**
 * A data file as the model file names it: as written when absolute, by absolute path (mlpc train's
 * cache), else relative to the model file. Sequential and graph model files alike.
 */
export function dataFileExpression(names: RuntimeNames, path: DataPath, where: { outDir: string; absoluteDataPaths?: boolean }): string {
  if (path.absolute) return stringLiteral(path.written);
  if (where.absoluteDataPaths) return stringLiteral(resolve(path.resolved).replace(/\\/g, '/'));
  let fromOutput = relative(resolve(where.outDir), resolve(path.resolved)).replace(/\\/g, '/');
  if (!fromOutput.startsWith('.')) fromOutput = `./${fromOutput}`;
  return `${names.rt('besideScript')}(${stringLiteral(posix.normalize(fromOutput))}, import.meta.url)`;
}

/** The loader call of `data` with the split seed `seed` (a sequential model's loadData, a graph's on examples). */
export function dataLoadCall(names: RuntimeNames, data: DataPlan, outputUnits: number, file: (path: DataPath) => string, seed: string): string {
  const counts = `train: ${data.train}, validation: ${data.validation}, test: ${data.test}, ${seed}`;
  switch (data.source) {
    case 'mnist':
      return `${names.rt('loadMnist')}({ ${counts} })`;
    case 'idx':
      return (
        `${names.rt('loadIdx')}({ trainImages: ${file(data.trainImages)}, trainLabels: ${file(data.trainLabels)}, ` +
        `testImages: ${file(data.testImages)}, testLabels: ${file(data.testLabels)}, ${counts} })`
      );
    case 'csv': {
      const features = data.features ? `features: [${data.features.map(stringLiteral).join(', ')}], ` : '';
      const target = data.targets
        ? `targets: [${data.targets.map(stringLiteral).join(', ')}]`
        : data.labels
          ? `labels: [${data.labels.map(stringLiteral).join(', ')}], positionClasses: ${outputUnits}`
          : `label: ${stringLiteral(data.label ?? '')}`;
      const standardize = data.standardize ? ', standardize: true' : '';
      return `${names.rt('loadCsv')}({ path: ${file(data.path)}, ${target}, ${features}${counts}${standardize} })`;
    }
    case 'synthetic':
      return `${names.rt('makeSynthetic')}({ examples: ${data.examples}, features: ${data.features}, classes: ${data.classes}, ${counts} })`;
  }
}

/** The doc line of loadData. */
export function dataDoc(data: DataPlan): string {
  return `Data: ${data.source}, ${data.train} train / ${data.validation} validation / ${data.test} test examples (${lineText(data.line)}).`;
}

export function loadDataFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const data = context.plan.data;
  const scope = context.module.child();
  const seed = scope.reserve('seed');
  const call = dataLoadCall(context, data, context.plan.loss.outputUnits, (path) => dataFileExpression(context, path, context), seed);
  return {
    name: context.names.loadData,
    docs: [dataDoc(data)],
    parameters: [{ name: seed, type: 'number' }],
    returnType: context.rt('DataSplits'),
    statements: [`return ${call};`],
  };
}
