/** `mlpc schema [--path]`: prints the shipped JSON Schema of specs (or where it is, for editor settings). */
import { readFile } from 'node:fs/promises';
import { ExitCode } from '../exit-codes.js';
import { shippedSchemaPath } from '../../compiler/spec/schema-file.js';

export async function runSchema(options: { path?: boolean }): Promise<number> {
  const path = shippedSchemaPath();
  process.stdout.write(options.path ? `${path}\n` : await readFile(path, 'utf8'));
  return ExitCode.ok;
}
