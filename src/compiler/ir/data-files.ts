/**
 * Data files a spec names (a csv `path`, the idx files) that do not exist, at the spec line that names
 * them. A warning when compiling (lint, build, the language server): the data may be produced later,
 * by a pipeline step or a download, and a spec written before its data is not wrong. `mlpc train`
 * needs the data now, so there it is an error (compileSpecs' `dataMustExist`) — at the spec line,
 * before a script runs, rather than as the script's file-not-found without one.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecSource } from '../spec/yaml-source.js';
import type { ModelIR } from './types.js';

export const missingDataFileCode = 'data-file-missing';

/** The spec's data files, by the key that names them under `data`. */
function dataFiles(ir: ModelIR): { key: string; written: string }[] {
  const data = ir.data;
  switch (data.source) {
    case 'csv':
      return [{ key: 'path', written: data.path }];
    case 'idx':
      return [
        { key: 'train_images', written: data.trainImages },
        { key: 'train_labels', written: data.trainLabels },
        { key: 'test_images', written: data.testImages },
        { key: 'test_labels', written: data.testLabels },
      ];
    default:
      return [];
  }
}

/** A warning for each data file that is not there, resolved as the generated scripts resolve it (against the spec's folder). */
export function missingDataFiles(ir: ModelIR, source: SpecSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { key, written } of dataFiles(ir)) {
    const resolved = isAbsolute(written) ? written : resolve(dirname(source.file), written);
    if (existsSync(resolved)) continue;
    diagnostics.push({
      code: missingDataFileCode,
      severity: 'warning',
      message: `data.${key}: no file ${written}${isAbsolute(written) ? '' : ` (resolved against the spec's folder: ${resolved})`}`,
      location: source.locate(['data', key]),
      hint: 'training reads it: create it before `mlpc train`, or fix the path',
    });
  }
  return diagnostics;
}
