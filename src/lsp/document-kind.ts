/**
 * Which YAML documents the server speaks about: mlpc specs (a top-level `mlpc:` key, found by text so
 * that a spec with a syntax error is still recognized and its error reported) and mlpc.config.yaml.
 * Every other YAML file gets nothing, as ESLint's server ignores files it does not lint.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAMES } from '../compiler/lint/config.js';

export type DocumentKind = 'spec' | 'config' | 'other';

const SPEC_MARKER = /^mlpc[ \t]*:/m;

/** The file a document URI names; untitled and other non-file URIs keep their URI as their name. */
export function documentPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function isConfigDocument(uri: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.basename(documentPath(uri)));
}

export function documentKind(uri: string, text: string): DocumentKind {
  if (isConfigDocument(uri)) return 'config';
  return SPEC_MARKER.test(text) ? 'spec' : 'other';
}
