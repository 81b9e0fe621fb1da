/**
 * The loadData function: the spec's data source and example counts, split with the spec's seed
 * (training.seed), never the run's --seed, so runs with different seeds train and test on the same examples.
 */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { DataIR, ModelIR } from '../ir/types.js';
import { specLine, stringLiteral } from './names.js';

/** Runtime module of each data source. */
export const dataModule: Record<DataIR['source'], string> = {
  mnist: 'src/runtime/data/mnist.ts',
  idx: 'src/runtime/data/idx.ts',
  csv: 'src/runtime/data/csv.ts',
  synthetic: 'src/runtime/data/synthetic.ts',
};

function loaderCall(data: DataIR): string {
  const counts = `train: ${data.train}, validation: ${data.validation}, test: ${data.test}, seed`;
  switch (data.source) {
    case 'mnist':
      return `loadMnist({ ${counts} })`;
    case 'idx':
      return (
        `loadIdx({ trainImages: ${stringLiteral(data.trainImages)}, trainLabels: ${stringLiteral(data.trainLabels)}, ` +
        `testImages: ${stringLiteral(data.testImages)}, testLabels: ${stringLiteral(data.testLabels)}, ${counts} })`
      );
    case 'csv': {
      const features = data.features ? `features: [${data.features.map(stringLiteral).join(', ')}], ` : '';
      return `loadCsv({ path: ${stringLiteral(data.path)}, label: ${stringLiteral(data.label)}, ${features}${counts} })`;
    }
    case 'synthetic': {
      const features = data.featureShape.reduce((product, dim) => product * dim, 1);
      const examples = data.train + data.validation + data.test;
      return `makeSynthetic({ examples: ${examples}, features: ${features}, classes: ${data.classes}, ${counts} })`;
    }
  }
}

export function loadDataFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const data = ir.data;
  return {
    name: 'loadData',
    docs: [
      `Data: ${data.source}, ${data.train} train / ${data.validation} validation / ${data.test} test examples ` +
        `(${specLine(ir, data.ref.location.line)}).`,
    ],
    parameters: [{ name: 'seed', type: 'number' }],
    returnType: 'DataSplits',
    statements: [`return ${loaderCall(data)};`],
  };
}
