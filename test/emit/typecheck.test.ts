/** Every generated script (committed and fixture) type-checks under tsc --strict. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitScripts } from '../../src/emit/emit-script.js';
import { compileFixture, fixturesDir } from './helpers.js';

// Inside the project, so '@tensorflow/tfjs' resolves as it does for generated/.
const fixtureOut = resolve('node_modules/.cache/mlpc-test/typecheck');

function strictDiagnostics(files: string[]): string[] {
  const config = ts.readConfigFile('test/emit/tsconfig.generated.json', (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, resolve('test/emit'));
  expect(parsed.options.strict).toBe(true);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('generated scripts type-check under --strict', () => {
  it('all of generated/ and every fixture spec', () => {
    mkdirSync(fixtureOut, { recursive: true });
    const fixtures = readdirSync(fixturesDir).filter((name) => name.endsWith('.yaml')).sort();
    const emitted = emitScripts(fixtures.map((name) => compileFixture(name)));
    const fixtureFiles = emitted.map((script) => {
      const path = join(fixtureOut, script.fileName);
      writeFileSync(path, script.text);
      return path;
    });
    const committed = readdirSync('generated')
      .filter((name) => name.endsWith('.ts'))
      .map((name) => resolve('generated', name));
    expect(strictDiagnostics([...committed, ...fixtureFiles])).toEqual([]);
  }, 120_000);
});
