/** Document symbols: the layers, each with its type and output shape (the outline of a spec). */
import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from './analysis.js';
import { rangeOf } from './to-lsp.js';

export function documentSymbols(analysis: Analysis, document: TextDocument): DocumentSymbol[] {
  // Only a model lowered from this very text: positions of an older version would point at the wrong lines.
  const model = analysis.kind === 'spec' && analysis.modelIsCurrent ? analysis.model : undefined;
  if (!model) return [];
  return model.layers.map((layer) => {
    const range = rangeOf(document, layer.ref.location.start, layer.ref.location.end);
    return {
      name: layer.name,
      detail: `${layer.type} → (None, ${layer.outputShape.join(', ')})`,
      kind: layer.type === 'dropout' || layer.type === 'activation' ? SymbolKind.Function : SymbolKind.Class,
      range,
      selectionRange: range,
    };
  });
}
