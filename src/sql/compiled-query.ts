// The compiler's output: SQL text plus the values bound to its placeholders.

export type { CompiledQuery } from '../adapters/driver'
