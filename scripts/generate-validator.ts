/**
 * Developer tool (not part of the package): writes schema/mlpc.schema.json and the precompiled validator
 * from src/compiler/spec/schema-definition.ts; run with `npx tsx scripts/generate-validator.ts`.
 */
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, VALIDATOR_FILE, schemaText, validatorModuleText } from '../src/compiler/spec/validator-source.js';

writeFileSync(SCHEMA_FILE, schemaText());
writeFileSync(VALIDATOR_FILE, validatorModuleText());
process.stdout.write(`wrote ${SCHEMA_FILE} and ${VALIDATOR_FILE}\n`);
