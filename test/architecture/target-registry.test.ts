/**
 * Targets are plug-ins: src/targets/registry.ts is the only module that imports a target's folder, and the
 * printers behind the targets (src/compiler/emit/tfjs/, src/compiler/emit/pytorch/, emit-script.ts) are
 * imported only by the emitter itself and the target adapters. A target's index.ts stays light (the
 * build --check, lint and editor paths load it): its printer, packages and process handling only by
 * dynamic import.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_TARGETS } from '../../src/compiler/lint/config-schema.js';
import { targetRegistry } from '../../src/targets/registry.js';
import { importSpecifiers } from './import-graph.js';
import { sourceTree } from './import-graph.js';


function resolved(file: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** `src/targets/pytorch/` for a file in a target's folder, else null (the registry and shared modules). */
function targetFolder(file: string): string | null {
  return /^(src\/targets\/[^/]+\/)/.exec(file)?.[1] ?? null;
}

const PRINTERS = ['src/compiler/emit/tfjs/', 'src/compiler/emit/pytorch/', 'src/compiler/emit/emit-script.ts'];

/** Imports that break the plug-in boundary, as `file specifier`. */
function boundaryViolations(tree: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, text] of tree) {
    for (const specifier of importSpecifiers(text).filter((s) => s.startsWith('.'))) {
      const target = resolved(file, specifier);
      const folder = targetFolder(target);
      if (folder && file !== 'src/targets/registry.ts' && !file.startsWith(folder)) found.push(`${file} ${specifier}`);
      const printer = PRINTERS.some((prefix) => target.startsWith(prefix));
      if (printer && !file.startsWith('src/compiler/emit/') && targetFolder(file) === null) found.push(`${file} ${specifier}`);
    }
  }
  return found;
}

/** Static (non-type) imports of a module: what loading it loads. */
function staticImports(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...withoutComments.matchAll(/^(?:import|export)\s+(?!type\s)(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/gm)].map((match) => match[1]);
}

describe('the target registry', () => {
  it('is the only importer of target folders, and only targets import the printers', () => {
    expect(boundaryViolations(sourceTree())).toEqual([]);
  });

  it('fails on planted violations: the CLI, train or the LSP importing a printer or a target folder', () => {
    const tree = sourceTree();
    tree.set('src/cli/handlers/planted.ts', "const { emitPytorchScript } = await import('../../compiler/emit/pytorch/emit-pytorch.js');\n");
    tree.set('src/train/planted.ts', "import { emitScripts } from '../compiler/emit/emit-script.js';\n");
    tree.set('src/lsp/planted.ts', "import { pytorchTarget } from '../targets/pytorch/index.js';\n");
    tree.set('src/compiler/build/planted.ts', "import { printModelFile } from '../emit/tfjs/model-file.js';\n");
    tree.set('src/targets/pytorch/planted.ts', "import { typescriptTarget } from '../typescript/index.js';\n");
    expect(boundaryViolations(tree)).toEqual([
      'src/cli/handlers/planted.ts ../../compiler/emit/pytorch/emit-pytorch.js',
      'src/train/planted.ts ../compiler/emit/emit-script.js',
      'src/lsp/planted.ts ../targets/pytorch/index.js',
      'src/compiler/build/planted.ts ../emit/tfjs/model-file.js',
      'src/targets/pytorch/planted.ts ../typescript/index.js',
    ]);
  });

  it("a target's index.ts loads no printer and no package until a build emits or a run starts", () => {
    const indexes = [...sourceTree()].filter(([file]) => /^src\/targets\/[^/]+\/index\.ts$/.test(file));
    expect(indexes.map(([file]) => file).sort()).toEqual(targetRegistry.names.map((name) => `src/targets/${name}/index.ts`).sort());
    for (const [file, text] of indexes) {
      for (const specifier of staticImports(text)) {
        expect(specifier.startsWith('.'), `${file} imports the package ${specifier}`).toBe(true);
        expect(resolved(file, specifier).startsWith('src/compiler/emit/'), `${file} imports ${specifier}`).toBe(false);
      }
    }
  });

  it('names the targets the config schema accepts', () => {
    expect([...CONFIG_TARGETS]).toEqual(targetRegistry.names);
  });
});
