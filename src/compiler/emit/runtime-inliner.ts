/**
 * Inlines runtime modules (src/runtime/**, src/runtime/data/**) into a generated script: their relative
 * imports become other inlined modules, placed before their importers; their TensorFlow.js namespace
 * import is the script's own; other imports (Node built-ins, data packages) move to the script's
 * import list; `export` keywords are dropped. Each module body is cached per Project.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, type Project, type SourceFile } from 'ts-morph';

/** The package root, from src/compiler/emit/ (tests, tsx) or dist/compiler/emit/ (the built CLI) alike. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** An import of something other than a runtime module, to be declared once at the top of the script. */
export interface ExternalImport {
  moduleSpecifier: string;
  defaultImport?: string;
  namespaceImport?: string;
  namedImports: string[];
  isTypeOnly: boolean;
}

interface RuntimeModule {
  /** Package-relative path with forward slashes, e.g. src/runtime/sgd.ts. */
  path: string;
  dependencies: string[];
  externals: ExternalImport[];
  body: string;
}

export interface InlinedRuntime {
  externals: ExternalImport[];
  /** Modules in dependency order. */
  modules: { path: string; body: string }[];
}

function isTfNamespaceImport(specifier: string, namespace: string | undefined): boolean {
  return specifier === '@tensorflow/tfjs' && namespace === 'tf';
}

export class RuntimeInliner {
  private readonly modules = new Map<string, RuntimeModule>();

  constructor(private readonly project: Project) {}

  /** The given modules and everything they import, dependencies first, in a stable order. */
  inline(entryPaths: readonly string[]): InlinedRuntime {
    const ordered: RuntimeModule[] = [];
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (path: string): void => {
      if (done.has(path)) return;
      if (visiting.has(path)) throw new Error(`runtime modules import each other in a cycle through ${path}`);
      visiting.add(path);
      const module = this.load(path);
      for (const dependency of module.dependencies) visit(dependency);
      visiting.delete(path);
      done.add(path);
      ordered.push(module);
    };
    for (const path of entryPaths) visit(path);
    return {
      externals: mergeExternals(ordered.flatMap((module) => module.externals)),
      modules: ordered.map(({ path, body }) => ({ path, body })),
    };
  }

  private load(path: string): RuntimeModule {
    const cached = this.modules.get(path);
    if (cached) return cached;
    // CRLF checkouts (Windows, autocrlf) must emit the same bytes as LF ones.
    const text = readFileSync(join(packageRoot, path), 'utf8').replace(/\r\n/g, '\n');
    const file = this.project.createSourceFile(`/mlpc-runtime/${path}`, text, { overwrite: true });
    const module = stripModule(path, file);
    this.project.removeSourceFile(file);
    this.modules.set(path, module);
    return module;
  }
}

function stripModule(path: string, file: SourceFile): RuntimeModule {
  const dependencies: string[] = [];
  const externals: ExternalImport[] = [];
  // The module's header comment is the first import's leading trivia: keep it, it says why.
  const firstStatement = file.getStatements()[0];
  const header = Node.isImportDeclaration(firstStatement)
    ? firstStatement.getLeadingCommentRanges().map((range) => range.getText()).join('\n')
    : '';
  for (const declaration of file.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (specifier.startsWith('.')) {
      const target = posix.normalize(posix.join(posix.dirname(path), specifier)).replace(/\.js$/, '.ts');
      if (!dependencies.includes(target)) dependencies.push(target);
    } else {
      const namespaceImport = declaration.getNamespaceImport()?.getText();
      if (!isTfNamespaceImport(specifier, namespaceImport)) {
        externals.push({
          moduleSpecifier: specifier,
          defaultImport: declaration.getDefaultImport()?.getText(),
          namespaceImport,
          namedImports: declaration.getNamedImports().map((named) => named.getText()),
          isTypeOnly: declaration.isTypeOnly(),
        });
      }
    }
    declaration.remove();
  }
  for (const declaration of file.getExportDeclarations()) declaration.remove();
  for (const statement of file.getStatements()) {
    if (Node.isExportable(statement) && statement.hasExportKeyword()) statement.setIsExported(false);
  }
  const body = file.getFullText().trim();
  return { path, dependencies, externals, body: header === '' ? body : `${header}\n\n${body}` };
}

function mergeExternals(imports: readonly ExternalImport[]): ExternalImport[] {
  const merged = new Map<string, ExternalImport>();
  for (const entry of imports) {
    const key = JSON.stringify([entry.moduleSpecifier, entry.isTypeOnly, entry.defaultImport, entry.namespaceImport]);
    const existing = merged.get(key);
    if (existing) {
      for (const name of entry.namedImports) if (!existing.namedImports.includes(name)) existing.namedImports.push(name);
    } else {
      merged.set(key, { ...entry, namedImports: [...entry.namedImports] });
    }
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...merged.values()]
    .map((entry) => ({ ...entry, namedImports: entry.namedImports.sort(byName) }))
    .sort((a, b) => byName(a.moduleSpecifier, b.moduleSpecifier) || Number(a.isTypeOnly) - Number(b.isTypeOnly));
}
