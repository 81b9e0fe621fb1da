"""Data sources, split and batched as the TypeScript runtime's src/runtime/data/ does."""
