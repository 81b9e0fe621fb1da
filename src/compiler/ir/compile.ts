/**
 * The front end's entry point: YAML text -> parsed document with positions -> schema validation ->
 * lowering to the IR. Pure and synchronous; every problem is a positioned Diagnostic, never a throw.
 */
import { createHash } from 'node:crypto';
import { isScalar } from 'yaml';
import { readFile } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { validateSpec } from '../spec/validate-spec.js';
import { createSpecSource, toPlainData } from '../spec/yaml-source.js';
import type { SpecSource } from '../spec/yaml-source.js';
import { checkOutput, checkSize } from './check-model.js';
import { LowerContext } from './lower-context.js';
import { lowerData } from './lower-data.js';
import { lowerLayers } from './lower-layers.js';
import { lowerRules } from './lower-rules.js';
import { lowerDropoutAware } from './dropout-aware.js';
import { lowerTraining } from './lower-training.js';
import { lowerEarlyStopping } from './lower-early-stopping.js';
import { checkPlateau } from './lower-schedule.js';
import { hasRealTargets, lowerTargets } from './lower-targets.js';
import { lowerActivityRegularizers } from './lower-activity.js';
import { missingDataFiles } from './data-files.js';
import { checkVersion } from './version-check.js';
import { lowerWeightDecay } from './weight-decay.js';
import type { LayerIR, ModelIR, ParameterIR } from './types.js';

export type { SpecSource } from '../spec/yaml-source.js';

export interface CompileResult {
  /** Present iff there are no errors. */
  ir?: ModelIR;
  /** Present whenever the text could be parsed as YAML (even with errors), for positions and fixes. */
  source?: SpecSource;
  /**
   * The layers and parameter table, present whenever the layers lowered with known shapes, even if a
   * later part (a selector, the optimizer, the data) has errors: what an editor hovers and completes
   * with while the spec is being written.
   */
  model?: LoweredModel;
  diagnostics: Diagnostic[];
}

export interface LoweredModel {
  layers: readonly LayerIR[];
  parameters: readonly ParameterIR[];
}

/** The path as users see it: relative to the working directory when inside it, forward slashes. */
export function displayPath(file: string): string {
  let relativePath = file;
  try {
    if (isAbsolute(file)) relativePath = relative(process.cwd(), file);
  } catch {
    // process.cwd() throws when the working directory was deleted; keep the path as given.
  }
  const shown = relativePath && !relativePath.startsWith('..') && !isAbsolute(relativePath) ? relativePath : file;
  return shown.replace(/\\/g, '/');
}

export function compileSpecText(file: string, text: string): CompileResult {
  const shownFile = displayPath(file);
  const { source, diagnostics } = createSpecSource(shownFile, text);
  const contents = source.doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    diagnostics.push({
      code: 'empty-spec',
      severity: 'error',
      message: 'the spec is empty',
      location: source.locateRange(0, 0),
      hint: 'run `mlpc init NAME` for a commented starter spec',
    });
  }
  if (hasErrors(diagnostics)) return { source, diagnostics };
  const plain = toPlainData(source);
  diagnostics.push(...plain.diagnostics);
  if (hasErrors(diagnostics)) return { source, diagnostics };
  if (plain.value === null || typeof plain.value !== 'object' || Array.isArray(plain.value)) {
    const kind = Array.isArray(plain.value) ? 'a list' : 'a single value';
    diagnostics.push({
      code: 'schema-type',
      severity: 'error',
      message: `the spec must be a mapping of keys (mlpc, name, data, model, training), got ${kind}`,
      location: source.locate([]),
    });
    return { source, diagnostics };
  }
  const validated = validateSpec(plain.value, source);
  diagnostics.push(...validated.diagnostics);
  if (!validated.spec || hasErrors(diagnostics)) return { source, diagnostics };
  const lowered = lower(new LowerContext(source, validated.spec), sha256(text));
  diagnostics.push(...lowered.diagnostics);
  if (lowered.ir) diagnostics.push(...missingDataFiles(lowered.ir, source));
  const { model } = lowered;
  return hasErrors(diagnostics) ? { source, model, diagnostics } : { ir: lowered.ir, source, model, diagnostics };
}

function lower(context: LowerContext, digest: string): { ir?: ModelIR; model?: LoweredModel; diagnostics: Diagnostic[] } {
  const spec = context.spec;
  const inputShape = [...spec.model.input];
  checkVersion(context);
  const { layers, sites, parameters, shapesKnown } = lowerLayers(context, inputShape);
  lowerRules(layers, sites, parameters, context);
  lowerDropoutAware(layers, parameters, context);
  const training = lowerTraining('train' in spec.data ? spec.data.train : undefined, context);
  if (training) lowerWeightDecay(training.optimizer, layers, parameters, context);
  const model = shapesKnown ? { layers, parameters } : undefined;
  if (!shapesKnown || !training) return { model, diagnostics: context.diagnostics };
  const data = lowerData(inputShape, layers, context);
  lowerTargets(training, data, layers, inputShape, context);
  lowerEarlyStopping(training, context);
  checkPlateau(training, data, context);
  if (!hasRealTargets(training)) checkOutput(layers, data, training, context);
  const activityRegularizers = lowerActivityRegularizers(layers, context);
  checkSize(layers, parameters, training.batchSize, context);
  const sum = (list: typeof parameters) => list.reduce((total, parameter) => total + parameter.count, 0);
  const ir: ModelIR = {
    irVersion: 1,
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    source: { file: context.source.file, sha256: digest },
    data,
    input: { shape: inputShape, ref: context.ref(['model', 'input']) },
    layers,
    parameters,
    training,
    ...(activityRegularizers.length > 0 ? { activityRegularizers } : {}),
    totals: {
      trainable: sum(parameters.filter((parameter) => parameter.trainable)),
      nonTrainable: sum(parameters.filter((parameter) => !parameter.trainable)),
      penalized: sum(parameters.filter((parameter) => parameter.regularizers.length > 0)),
    },
  };
  return { ir, model, diagnostics: context.diagnostics };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function compileSpecFile(file: string): Promise<CompileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    const location = { file: displayPath(file), line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
    return { diagnostics: [{ code: 'unreadable-file', severity: 'error', message: `cannot read the spec: ${reason}`, location }] };
  }
  return compileSpecText(file, text);
}
