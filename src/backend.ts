// The database servers DataJoint runs on. Defined once here, with no imports, so every layer (the pure ones
// included) can name a backend; what differs between them lives in the dialects (src/adapters/*/dialect.ts).

export const BACKENDS = ['mysql', 'postgresql'] as const

export type Backend = (typeof BACKENDS)[number]
