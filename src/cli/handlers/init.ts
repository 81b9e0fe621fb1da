/** `mlpc init NAME`: writes a commented starter spec to specs/NAME.yaml, never over an existing file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { InputError } from '../../compiler/errors.js';
import { ExitCode } from '../exit-codes.js';
import { shippedSchemaPath } from '../../compiler/spec/schema-file.js';
import { starterSpec } from '../../compiler/spec/starter-spec.js';

const NAME = /^[a-z][a-z0-9_]*$/;

/** The schema path for the editor comment: relative when mlpc lives in this project, else where `npm install mlpc` puts it. */
function editorSchemaPath(file: string): string {
  const shipped = shippedSchemaPath();
  if (relative(process.cwd(), shipped).startsWith('..')) return '../node_modules/mlpc/schema/mlpc.schema.json';
  return relative(dirname(file), shipped).replace(/\\/g, '/');
}

export async function runInit(name: string, options: { dir: string }): Promise<number> {
  if (!NAME.test(name) || name.length > 64) {
    throw new InputError(`invalid spec name ${JSON.stringify(name)}: use a lowercase letter, then letters, digits or underscores (at most 64), e.g. my_mlp`);
  }
  const file = join(options.dir, `${name}.yaml`);
  const schemaPath = editorSchemaPath(file);
  await mkdir(options.dir, { recursive: true });
  try {
    await writeFile(file, starterSpec(name, schemaPath), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(`${file} already exists; not overwriting it`);
    throw error;
  }
  process.stdout.write(`wrote ${file.replace(/\\/g, '/')}\nnext: mlpc inspect ${file.replace(/\\/g, '/')}\n`);
  return ExitCode.ok;
}
