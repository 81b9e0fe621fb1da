/**
 * The shipped schema and the precompiled validator are generated from src/compiler/spec/schema-definition.ts.
 * When this fails: npx tsx scripts/generate-validator.ts (or MLPC_UPDATE_GOLDEN=1 npx vitest run test/spec/schema-sync.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, VALIDATOR_FILE, schemaText, validatorModuleText } from '../../src/compiler/spec/validator-source.js';
import { specSchema } from '../../src/compiler/spec/schema-definition.js';

const update = process.env.MLPC_UPDATE_GOLDEN === '1';

describe('generated schema artifacts', () => {
  it.each([
    [SCHEMA_FILE, schemaText],
    [VALIDATOR_FILE, validatorModuleText],
  ])('%s is up to date', (file, produce) => {
    const expected = produce();
    if (update) writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8') === expected, `${file} is stale: run npx tsx scripts/generate-validator.ts`).toBe(true);
  });

  it('the shipped schema is a valid draft-07 schema that accepts the shipped specs', async () => {
    const ajv = new Ajv.default({ discriminator: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const { parse } = await import('yaml');
    for (const name of ['seed', 'seed_corrected', 'dropout_maxnorm', 'conv_bn', 'adamw']) {
      expect(validate(parse(readFileSync(`specs/${name}.yaml`, 'utf8'))), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(specSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });
});
