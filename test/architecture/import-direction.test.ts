import { describe, expect, it } from 'vitest';
import { checkImports, importSpecifiers } from './import-graph.js';
import { sourceTree } from './import-graph.js';


describe('imports point one way: cli → compare → train → targets → compiler → diagnostics; the runtime imports nothing of ours', () => {
  it('finds static, type-only, re-export and literal dynamic imports, not commented ones', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('../../e.js');",
      "// import { f } from './f.js';",
      "import 'node:fs';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', '../../e.js', 'node:fs']);
  });

  it('the source tree has no import against the direction', () => {
    const tree = sourceTree();
    expect(tree.size).toBeGreaterThan(100);
    expect(checkImports(tree)).toEqual([]);
  });

  it('fails on planted violations: compiler → cli, runtime → compiler, runtime → a package, diagnostics → ir, lsp → cli, lsp → ts-morph', () => {
    const tree = sourceTree();
    tree.set('src/compiler/ir/planted.ts', "import { ExitCode } from '../../cli/exit-codes.js';\n");
    tree.set('src/runtime/planted.ts', "const { compile } = await import('../compiler/ir/compile.js');\nimport YAML from 'yaml';\n");
    tree.set('src/compiler/diagnostics/planted.ts', "import type { IR } from '../ir/types.js';\n");
    tree.set('src/train/planted.ts', "export { runCompare } from '../compare/run-study.js';\n");
    tree.set('src/lsp/planted.ts', "import { runLint } from '../cli/handlers/lint.js';\nimport { Project } from 'ts-morph';\n");
    expect(checkImports(tree).map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'src/compiler/ir/planted.ts ../../cli/exit-codes.js',
      'src/runtime/planted.ts ../compiler/ir/compile.js',
      'src/runtime/planted.ts yaml',
      'src/compiler/diagnostics/planted.ts ../ir/types.js',
      'src/train/planted.ts ../compare/run-study.js',
      'src/lsp/planted.ts ../cli/handlers/lint.js',
      'src/lsp/planted.ts ts-morph',
    ]);
  });
});
