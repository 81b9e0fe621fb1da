/**
 * loadData(seed): the spec's data source and example counts; the loop calls it with the spec's seed.
 * Data files are named relative to the model file (resolved at run time from import.meta.url), so a
 * run finds them from any working directory; absolute paths stay as written. A model file that never
 * leaves this machine (mlpc train's cache) names them absolutely instead: its folder may be reached
 * through a symlinked node_modules, which import.meta.url resolves.
 */
import { posix, resolve, relative } from 'node:path';
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { DataPath } from '../plan.js';
import { type PrintContext, lineText } from './context.js';
import { stringLiteral } from './literals.js';

function fileExpression(context: PrintContext, path: DataPath): string {
  if (path.absolute) return stringLiteral(path.written);
  if (context.absoluteDataPaths) return stringLiteral(resolve(path.resolved).replace(/\\/g, '/'));
  let fromOutput = relative(resolve(context.outDir), resolve(path.resolved)).replace(/\\/g, '/');
  if (!fromOutput.startsWith('.')) fromOutput = `./${fromOutput}`;
  return `${context.rt('besideScript')}(${stringLiteral(posix.normalize(fromOutput))}, import.meta.url)`;
}

export function loadDataFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const data = context.plan.data;
  const scope = context.module.child();
  const seed = scope.reserve('seed');
  const counts = `train: ${data.train}, validation: ${data.validation}, test: ${data.test}, ${seed}`;
  let call: string;
  switch (data.source) {
    case 'mnist':
      call = `${context.rt('loadMnist')}({ ${counts} })`;
      break;
    case 'idx':
      call =
        `${context.rt('loadIdx')}({ trainImages: ${fileExpression(context, data.trainImages)}, trainLabels: ${fileExpression(context, data.trainLabels)}, ` +
        `testImages: ${fileExpression(context, data.testImages)}, testLabels: ${fileExpression(context, data.testLabels)}, ${counts} })`;
      break;
    case 'csv': {
      const features = data.features ? `features: [${data.features.map(stringLiteral).join(', ')}], ` : '';
      const target = data.targets
        ? `targets: [${data.targets.map(stringLiteral).join(', ')}]`
        : data.labels
          ? `labels: [${data.labels.map(stringLiteral).join(', ')}], positionClasses: ${context.plan.loss.outputUnits}`
          : `label: ${stringLiteral(data.label ?? '')}`;
      const standardize = data.standardize ? ', standardize: true' : '';
      call = `${context.rt('loadCsv')}({ path: ${fileExpression(context, data.path)}, ${target}, ${features}${counts}${standardize} })`;
      break;
    }
    case 'synthetic':
      call = `${context.rt('makeSynthetic')}({ examples: ${data.examples}, features: ${data.features}, classes: ${data.classes}, ${counts} })`;
      break;
  }
  return {
    name: context.names.loadData,
    docs: [`Data: ${data.source}, ${data.train} train / ${data.validation} validation / ${data.test} test examples (${lineText(data.line)}).`],
    parameters: [{ name: seed, type: 'number' }],
    returnType: context.rt('DataSplits'),
    statements: [`return ${call};`],
  };
}
