// Golden tests against what DataJoint Python wrote: declaring the reconstructed definitions, applied to a
// simulated server, must leave exactly the columns, types, comments, defaults, keys, indexes and lineage of the
// reference catalogs (MariaDB 10.11 and PostgreSQL 15, written by DataJoint 2.3).

import { describe, expect, it } from 'vitest'
import type { CatalogRows } from '../adapters/catalog-rows'
import { buildTableInfos } from '../heading/from-catalog'
import { tableKey, type TableInfo } from '../heading/table-info'
import type { Backend } from './core-types'
import { MYSQL_DDL_DIALECT, POSTGRES_DDL_DIALECT } from './ddl-dialect'
import { parseDefinition } from './parse'
import { applyPlan, emptyCatalog, type SimulatedCatalog } from '../testing/ddl-simulator'
import { PYTHON_CATALOG_ROWS } from '../testing/python-catalogs'
import {
  PYTHON_CATALOG_DEFINITIONS,
  PYTHON_MYSQL_ONLY_DEFINITIONS,
  type PythonTableDefinition,
} from '../testing/python-definitions'
import { planDeclaration, type ResolvedParent } from './to-ddl'
import { tableNameOf } from './tier'

const DIALECTS = { mysql: MYSQL_DDL_DIALECT, postgresql: POSTGRES_DDL_DIALECT } as const

function sqlNameOf(definitions: readonly PythonTableDefinition[], definition: PythonTableDefinition): string {
  if (definition.master === undefined) return tableNameOf(definition.className, definition.tier)
  const master = definitions.find((d) => d.className === definition.master && d.master === undefined)
  if (master === undefined) throw new Error(`no master ${definition.master}`)
  return tableNameOf(definition.className, 'part', tableNameOf(master.className, master.tier))
}

/** Resolves `-> X`, `-> master`, `-> Master.Part` within one schema's definitions. */
function resolveParent(
  definitions: readonly PythonTableDefinition[],
  current: PythonTableDefinition,
  path: readonly string[],
): PythonTableDefinition {
  const found =
    path.length === 1 && path[0] === 'master'
      ? definitions.find((d) => d.className === current.master && d.master === undefined)
      : path.length === 1
        ? definitions.find((d) => d.className === path[0] && d.master === undefined)
        : definitions.find((d) => d.master === path[0] && d.className === path[1])
  if (found === undefined) throw new Error(`cannot resolve ${path.join('.')}`)
  return found
}

function declareInto(
  catalog: SimulatedCatalog,
  infosOf: () => Map<string, TableInfo>,
  backend: Backend,
  schema: string,
  definitions: readonly PythonTableDefinition[],
  only?: PythonTableDefinition,
): void {
  for (const definition of only === undefined ? definitions : [only]) {
    const parsed = parseDefinition(definition.definition)
    const infos = infosOf()
    const parents: ResolvedParent[] = parsed.foreignKeys.map((fk) => {
      const table = sqlNameOf(definitions, resolveParent(definitions, definition, fk.reference.path))
      const info = infos.get(tableKey(schema, table))
      if (info === undefined) throw new Error(`parent ${table} not declared`)
      const primaryKey = info.primaryKey.map((name) => info.attributes.find((a) => a.name === name)!)
      return { schema, table, primaryKey: primaryKey.filter((a) => !a.hidden) }
    })
    const plan = planDeclaration({
      definition: parsed,
      schema,
      table: sqlNameOf(definitions, definition),
      tier: definition.tier,
      dialect: DIALECTS[backend],
      parents,
      options: { addJobMetadata: false, allowNewPkFieldsInComputed: false },
    })
    applyPlan(catalog, backend, plan)
  }
}

/** The comparable content of one schema's user tables (hidden `~` tables left out). */
function snapshot(rows: CatalogRows, schema: string, tables?: readonly string[]) {
  const keep = (row: { schema: string; table: string }) =>
    row.schema === schema && !row.table.startsWith('~') && (tables === undefined || tables.includes(row.table))
  const byName = <T extends { table: string }>(list: T[], key: (row: T) => string) =>
    list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  return {
    tables: byName(
      rows.tables.filter(keep).map((t) => ({ table: t.table, comment: t.comment })),
      (t) => t.table,
    ),
    columns: byName(
      rows.columns.filter(keep).map((c) => ({
        table: c.table,
        ordinal: c.ordinal,
        name: c.name,
        sqlType: c.sqlType,
        enumValues: c.enumValues,
        nullable: c.nullable,
        // PostgreSQL keeps `DEFAULT NULL` only for some types; nullable columns default to NULL anyway.
        default: c.nullable ? 'null' : `${c.defaultKind}:${c.defaultValue}`,
        comment: c.comment,
      })),
      (c) => `${c.table}\u0000${String(c.ordinal).padStart(3, '0')}`,
    ),
    primaryKeys: byName(
      rows.primaryKeys.filter(keep).map((p) => ({ table: p.table, columns: p.columns })),
      (p) => p.table,
    ),
    foreignKeys: byName(
      rows.foreignKeys.filter(keep).map((f) => ({ ...f })),
      (f) => `${f.table}\u0000${f.name}`,
    ),
    indexes: byName(
      rows.indexes.filter(keep).map((i) => ({ table: i.table, name: i.name, unique: i.unique, columns: i.columns })),
      (i) => `${i.table}\u0000${i.name}`,
    ),
    lineage: byName(
      rows.lineage.filter(keep).map((l) => ({ table: l.table, attribute: l.attribute, lineage: l.lineage })),
      (l) => `${l.table}\u0000${l.attribute}`,
    ),
  }
}

/** Enum types Python created, so a table can be declared against Python's own catalog. */
function pythonEnumTypes(backend: Backend): Map<string, readonly string[]> {
  const types = new Map<string, readonly string[]>()
  if (backend === 'postgresql') {
    for (const column of PYTHON_CATALOG_ROWS.postgresql.columns) {
      if (column.enumValues !== null) types.set(`${column.schema}.${column.sqlType}`, column.enumValues)
    }
  }
  return types
}

const CASES: readonly (readonly [Backend, string, readonly PythonTableDefinition[]])[] = [
  ...Object.entries(PYTHON_CATALOG_DEFINITIONS).flatMap(([schema, definitions]) => [
    ['mysql', schema, definitions] as const,
    ['postgresql', schema, definitions] as const,
  ]),
  ...Object.entries(PYTHON_MYSQL_ONLY_DEFINITIONS).map(([schema, definitions]) => ['mysql', schema, definitions] as const),
]

describe.each(CASES)('%s %s', (backend, schema, definitions) => {
  const expected = snapshot(PYTHON_CATALOG_ROWS[backend], schema)

  it('declaring the definitions in order leaves the catalog Python left', () => {
    expect(expected.tables.length).toBe(definitions.length)
    expect(expected.columns.length).toBeGreaterThan(definitions.length)
    const catalog = emptyCatalog()
    declareInto(catalog, () => buildTableInfos(catalog, backend), backend, schema, definitions)
    expect(snapshot(catalog, schema)).toEqual(expected)
  })

  it.each(definitions.map((d) => [d.className, d] as const))(
    '%s declared against Python’s own catalog matches Python’s table',
    (_name, definition) => {
      const catalog = emptyCatalog()
      catalog.enumTypes = pythonEnumTypes(backend)
      const python = buildTableInfos(PYTHON_CATALOG_ROWS[backend], backend)
      declareInto(catalog, () => python, backend, schema, definitions, definition)
      const table = sqlNameOf(definitions, definition)
      expect(snapshot(catalog, schema)).toEqual(snapshot(PYTHON_CATALOG_ROWS[backend], schema, [table]))
    },
  )
})
