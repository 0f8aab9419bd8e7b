// What the New table and drop dialogs compute without the server: DataJoint's table name for a class and tier (the
// engine's own naming), the completions a definition line offers at the cursor, and the confirmation a drop asks for.

import { BUILTIN_CODECS, CORE_TYPES } from '../../../src/declare/core-types'
import { tableNameOf } from '../../../src/declare/tier'
import type { Tier } from '../../../src/heading/table-info'

export const TIER_CHOICES: readonly { readonly tier: Tier; readonly label: string; readonly meaning: string }[] = [
  { tier: 'manual', label: 'Manual', meaning: 'Rows entered by people or by scripts (no prefix).' },
  { tier: 'lookup', label: 'Lookup', meaning: 'Small reference tables with fixed contents (prefix #).' },
  { tier: 'imported', label: 'Imported', meaning: 'Filled by make() from outside data (prefix _).' },
  { tier: 'computed', label: 'Computed', meaning: 'Filled by make() from other tables (prefix __).' },
  { tier: 'part', label: 'Part', meaning: 'Rows that belong to a master row (master__part).' },
]

/** DataJoint's SQL name for the class (`Lab` → `lab`, `#lab`, `_lab`, `__lab`, `session__lab`), or null while invalid. */
export function tableNameFor(className: string, tier: Tier, master: string | null): string | null {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(className)) return null
  if (tier === 'part' && master === null) return null
  try {
    return tableNameOf(className, tier, master ?? undefined)
  } catch {
    return null
  }
}

/** A table a definition may reference: by class name in its schema, `schema.Class` elsewhere. */
export interface KnownTable {
  readonly schema: string
  readonly className: string
  readonly tier: Tier
}

export interface DefinitionCompletion {
  readonly label: string
  readonly type: 'class' | 'type' | 'keyword'
  readonly detail: string
}

/** The core type names as a definition writes them (`varchar(…)` with a sample size). */
const CORE_TYPE_WORDS: readonly string[] = CORE_TYPES.map(({ name }) => {
  switch (name) {
    case 'char':
    case 'varchar':
      return `${name}(32)`
    case 'enum':
      return "enum('a', 'b')"
    case 'decimal':
      return 'decimal(8, 3)'
    default:
      return name
  }
})

const CODEC_WORDS: readonly string[] = [...BUILTIN_CODECS.keys()].map((name) => `<${name}>`)

/**
 * What completes the text before the cursor on one definition line: tables after `->` (the master too, for a part),
 * core types and codecs after an attribute's `:`, nothing elsewhere. `from` is the offset in the line where the
 * completed word starts.
 */
export function definitionCompletions(
  lineBefore: string,
  context: { readonly schema: string; readonly tables: readonly KnownTable[]; readonly isPart: boolean },
): { readonly from: number; readonly options: readonly DefinitionCompletion[] } | null {
  const reference = /^(\s*->\s*(?:\[[^\]]*\]\s*)?)([\w.]*)$/.exec(lineBefore)
  if (reference !== null) {
    const options: DefinitionCompletion[] = context.tables.map((t) => ({
      label: t.schema === context.schema ? t.className : `${t.schema}.${t.className}`,
      type: 'class',
      detail: t.tier,
    }))
    if (context.isPart) options.unshift({ label: 'master', type: 'keyword', detail: 'the master table' })
    return { from: (reference[1] ?? '').length, options }
  }
  if (lineBefore.trimStart().startsWith('#') || lineBefore.includes('#')) return null
  const type = /^(\s*[a-z]\w*\s*(?:=[^:#]*)?:\s*)(<?[\w@]*)$/.exec(lineBefore)
  if (type !== null) {
    return {
      from: (type[1] ?? '').length,
      options: [
        ...CORE_TYPE_WORDS.map((label) => ({ label, type: 'type' as const, detail: 'core type' })),
        ...CODEC_WORDS.map((label) => ({ label, type: 'type' as const, detail: 'codec' })),
      ],
    }
  }
  return null
}

/** A drop goes ahead once the user has typed the name exactly (surrounding spaces forgiven). */
export function confirmationMatches(typed: string, name: string): boolean {
  return typed.trim() === name
}

/** Offsets of a 1-based line in a text, for marking an error there; the last line when the text is shorter. */
export function lineRange(text: string, line: number): { readonly from: number; readonly to: number } {
  const lines = text.split('\n')
  const index = Math.max(0, Math.min(lines.length - 1, line - 1))
  const from = lines.slice(0, index).reduce((sum, l) => sum + l.length + 1, 0)
  return { from, to: from + (lines[index]?.length ?? 0) }
}
