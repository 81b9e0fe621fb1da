/** Where a printer's runtime names come from: each records the names the file must import (PrintContext, GraphRuntimeNames). */
export interface RuntimeNames {
  rt(name: string): string;
}
