/** Where the shipped JSON Schema lives: `schema/mlpc.schema.json` at the package root (dist/compiler/spec/ and src/compiler/spec/ are three levels below). */
import { fileURLToPath } from 'node:url';

export function shippedSchemaPath(): string {
  return fileURLToPath(new URL('../../../schema/mlpc.schema.json', import.meta.url));
}
