/**
 * Emits the standalone training script of a model: header and imports, the runtime modules it needs
 * (inlined), then the model's own code written from the IR, one concern per emitter module. All
 * scripts of a build share one ts-morph Project (and the parsed runtime modules).
 */
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile, VariableDeclarationKind } from 'ts-morph';
import type { ModelIR } from '../ir/types.js';
import { applyConstraintsFunction, hasConstraints } from './constraints.js';
import { loadDataFunction } from './data.js';
import { penaltyFunction } from './loss.js';
import { headerComment, importDeclarations } from './header.js';
import { mainFunction } from './loop.js';
import { modelTopology, objectLiteral } from './model-topology.js';
import { applyUpdatesFunction, slotDeclarations } from './optimizer.js';
import { gradsInterface, initParamsFunction, namedWeightsFunction, paramsInterface } from './parameters.js';
import { RuntimeInliner } from './runtime-inliner.js';
import { runtimeModulesFor } from './runtime-modules.js';
import { entryStatement, trainOnWorkersFunction, unitSplitLayersStatement, unitSplitObstacle } from './workers.js';
import { predictFunction, stepResultInterface, trainingStepFunction } from './training-step.js';

export interface EmittedScript {
  name: string;
  /** `<name>.ts`, relative to the output folder. */
  fileName: string;
  text: string;
}

const sectionRule = `// ${'-'.repeat(97)}`;

export class ScriptEmitter {
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
    },
  });
  private readonly inliner = new RuntimeInliner(this.project);

  emit(ir: ModelIR): EmittedScript {
    const fileName = `${ir.name}.ts`;
    const file = this.project.createSourceFile(`/generated/${fileName}`, '', { overwrite: true });
    const runtime = this.inliner.inline(runtimeModulesFor(ir));
    file.addImportDeclarations(importDeclarations(runtime.externals));
    for (const module of runtime.modules) {
      file.addStatements([sectionRule, `// Runtime, inlined from ${module.path}`, sectionRule, module.body]);
    }
    this.addModelCode(file, ir);
    file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
    // The header goes on last: ts-morph puts imports at the very top of a file.
    const text = `${headerComment(ir)}\n${file.getFullText()}`;
    this.project.removeSourceFile(file);
    return { name: ir.name, fileName, text };
  }

  private addModelCode(file: SourceFile, ir: ModelIR): void {
    file.addStatements([sectionRule, `// The model, written from ${ir.source.file}`, sectionRule]);
    file.addFunction(loadDataFunction(ir));
    file.addInterface(paramsInterface(ir));
    file.addInterface(gradsInterface(ir));
    file.addFunction(initParamsFunction(ir));
    file.addInterface(stepResultInterface);
    file.addFunction(trainingStepFunction(ir));
    file.addFunction(penaltyFunction(ir));
    file.addFunction(predictFunction(ir));
    const slots = slotDeclarations(ir);
    if (slots) {
      file.addInterface(slots.slotsInterface);
      file.addFunction(slots.createSlots);
    }
    file.addFunction(applyUpdatesFunction(ir));
    if (hasConstraints(ir)) file.addFunction(applyConstraintsFunction(ir));
    file.addVariableStatement({
      docs: ['Keras Sequential topology of the saved model.json, so tf.loadLayersModel can rebuild the model.'],
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: 'modelTopology', initializer: objectLiteral(modelTopology(ir)) }],
    });
    file.addFunction(namedWeightsFunction(ir));
    if (unitSplitObstacle(ir) === null) {
      file.addVariableStatement(unitSplitLayersStatement(ir));
      file.addFunction(trainOnWorkersFunction(ir));
    }
    file.addFunction(mainFunction(ir));
    file.addStatements(entryStatement(ir));
  }
}

/** Emits every model in one Project, in the given order. */
export function emitScripts(models: readonly ModelIR[]): EmittedScript[] {
  const emitter = new ScriptEmitter();
  return models.map((ir) => emitter.emit(ir));
}
