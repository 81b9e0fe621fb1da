/**
 * One document's analysis, made by the same compiler entry points as `mlpc lint`: lintSpecText for a
 * spec (YAML, schema, lowering, then the rules under the nearest mlpc.config.yaml and the disable
 * comments), the obstacles of the config's `targets:` (what `mlpc build` would refuse), and
 * parseLintConfig for a config file. The last lowered model is kept across edits that
 * break the spec, so that hover and completion keep working while the user is half-way through a line.
 */
import path from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { LoweredModel } from '../compiler/ir/compile.js';
import type { ModelIR } from '../compiler/ir/types.js';
import { loadLintConfig, parseLintConfig } from '../compiler/lint/config.js';
import type { LintConfig } from '../compiler/lint/config.js';
import { lintSpecText } from '../compiler/lint/lint-spec.js';
import type { SpecSource } from '../compiler/spec/yaml-source.js';
import { documentKind, documentPath } from './document-kind.js';
import type { DocumentKind } from './document-kind.js';
import { targetObstacles } from './target-obstacles.js';

export type { LoweredModel } from '../compiler/ir/compile.js';

export interface Analysis {
  uri: string;
  version: number;
  kind: DocumentKind;
  /** Empty for documents of kind 'other'. */
  diagnostics: Diagnostic[];
  /** The parsed YAML with positions (specs and configs that parse). */
  source?: SpecSource;
  /** The IR, when the spec compiled without errors. */
  ir?: ModelIR;
  /** The layers and parameter table of this version or, if it does not lower, of the last version that did. */
  model?: LoweredModel;
  /** True when `model` was lowered from this version (its positions are this text's). */
  modelIsCurrent: boolean;
  /** The lint configuration that applied to a spec. */
  config?: LintConfig;
  /** That configuration's file (absolute) and its own problems, which the CLI reports on the config file. */
  configFile?: { path: string; diagnostics: Diagnostic[] };
}

export interface AnalyzeOptions {
  /** Texts of open, possibly unsaved, mlpc.config.yaml documents by absolute path: they win over the disk. */
  openConfigs: ReadonlyMap<string, string>;
  /** The previous analysis of the same document, for its last lowered model. */
  previous?: Analysis;
}

export async function analyzeDocument(uri: string, version: number, text: string, options: AnalyzeOptions): Promise<Analysis> {
  const kind = documentKind(uri, text);
  const file = documentPath(uri);
  if (kind === 'other') return { uri, version, kind, diagnostics: [], modelIsCurrent: false };
  if (kind === 'config') {
    const parsed = parseLintConfig(file, text);
    return { uri, version, kind, diagnostics: parsed.diagnostics, config: parsed.config, modelIsCurrent: false };
  }
  // An untitled spec has no directory: it gets the configuration of the working directory.
  const configFor = path.isAbsolute(file) ? file : path.join(process.cwd(), 'untitled.yaml');
  const loaded = await loadLintConfig(configFor, { openFiles: options.openConfigs });
  const result = lintSpecText(file, text, loaded.config);
  const obstacles = result.ir ? await targetObstacles(result.ir, loaded.config) : [];
  const model = result.model ?? options.previous?.model;
  const configFile = loaded.config.file ? { path: path.resolve(loaded.config.file), diagnostics: loaded.diagnostics } : undefined;
  return {
    uri,
    version,
    kind,
    diagnostics: obstacles.length > 0 ? [...result.diagnostics, ...obstacles].sort(compareDiagnostics) : result.diagnostics,
    source: result.source,
    ir: result.ir,
    model,
    modelIsCurrent: result.model !== undefined,
    config: loaded.config,
    configFile,
  };
}
