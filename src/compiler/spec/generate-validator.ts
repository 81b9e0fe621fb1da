/** Writes schema/mlpc.schema.json and the precompiled validator; run with `npx tsx src/compiler/spec/generate-validator.ts`. */
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, VALIDATOR_FILE, schemaText, validatorModuleText } from './validator-source.js';

writeFileSync(SCHEMA_FILE, schemaText());
writeFileSync(VALIDATOR_FILE, validatorModuleText());
process.stdout.write(`wrote ${SCHEMA_FILE} and ${VALIDATOR_FILE}\n`);
