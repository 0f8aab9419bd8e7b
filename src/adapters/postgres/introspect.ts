// PostgreSQL catalog reads from pg_catalog: one statement per kind of fact, whatever the table count,
// values always bound. Joins pg_class/pg_namespace by name, never `'s.t'::regclass` casts (the unquoted text
// case-folds, so upper-case or dotted names would miss).

import type { CatalogColumnRow, Introspector, RowCount } from '../catalog-rows'
import { cellBoolean, cellNumber, cellString, cellText, jsonStringArray, placeholderList } from '../catalog-values'
import {
  firstColumn,
  loadCatalogRows,
  toForeignKeyRows,
  toIndexRows,
  toLineageRows,
  toPrimaryKeyRows,
  toRowCounts,
  toTableRows,
  unionAll,
  type CatalogReads,
  type RunQuery,
} from '../introspect-common'
import { LINEAGE_TABLE } from '../../declare/tier'
import { normalisePostgresDefault, normalisePostgresType } from './catalog-normalise'
import { unescapeCommentQuotes } from '../../declare/core-types'

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** `($first, …)` for `count` bound values. */
function inList(count: number, first = 1): string {
  return `(${placeholderList(count, 'dollar', first)})`
}

// Ordinary and partitioned tables; partitions themselves are storage, not DataJoint tables.
const TABLE_KINDS = "c.relkind IN ('r', 'p')"
const TABLE_FILTER = `${TABLE_KINDS} AND NOT c.relispartition`

export function createPostgresIntrospector(run: RunQuery): Introspector {
  async function columnRows(schemas: readonly string[]): Promise<CatalogColumnRow[]> {
    const result = await run({
      sql:
        'SELECT n.nspname, c.relname, a.attname, ' +
        'row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), ' +
        "format_type(a.atttypid, a.atttypmod), CASE WHEN t.typtype = 'e' THEN t.typname END, " +
        "CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) " +
        'FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) END, ' +
        'NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid), ' +
        "a.attidentity <> '', COALESCE(ds.description, '') " +
        'FROM pg_catalog.pg_attribute a ' +
        'JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
        'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
        'JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
        'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
        'LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid ' +
        "AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum " +
        `WHERE n.nspname IN ${inList(schemas.length)} AND ${TABLE_FILTER} ` +
        'AND a.attnum > 0 AND NOT a.attisdropped ' +
        'ORDER BY n.nspname, c.relname, a.attnum',
      params: schemas,
    })
    return result.rows.map((r): CatalogColumnRow => {
      const nullable = cellBoolean(r[7])
      const identity = cellBoolean(r[9])
      const stated = normalisePostgresDefault(cellText(r[8]))
      // A nullable column without DEFAULT defaults to NULL, as MySQL and MariaDB report it.
      const normalised =
        stated.kind === 'none' && nullable && !identity ? { ...stated, kind: 'null' as const } : stated
      const enumType = cellText(r[5])
      return {
        schema: cellString(r[0]),
        table: cellString(r[1]),
        name: cellString(r[2]),
        ordinal: cellNumber(r[3]),
        sqlType: normalisePostgresType(cellString(r[4]), enumType),
        enumValues: enumType === null ? null : jsonStringArray(r[6]),
        nullable,
        defaultKind: normalised.kind,
        defaultValue: normalised.value,
        comment: unescapeCommentQuotes(cellString(r[10])),
        autoIncrement: normalised.autoIncrement || identity,
      }
    })
  }

  async function exactCounts(schema: string, tableNames: readonly string[]): Promise<Map<string, number>> {
    if (tableNames.length === 0) return new Map()
    const count = (table: string, i: number): string =>
      `SELECT $${i + 1}::text, count(*) FROM ${quote(schema)}.${quote(table)}`
    return toRowCounts((await run(unionAll(tableNames, count))).rows)
  }

  const reads: CatalogReads = {
    async tables(schemas) {
      const result = await run({
        sql:
          "SELECT n.nspname, c.relname, COALESCE(obj_description(c.oid, 'pg_class'), '') " +
          'FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          `WHERE n.nspname IN ${inList(schemas.length)} AND ${TABLE_FILTER} ORDER BY n.nspname, c.relname`,
        params: schemas,
      })
      return toTableRows(result.rows)
    },

    columns: columnRows,

    async primaryKeys(schemas) {
      const result = await run({
        sql:
          'SELECT n.nspname, c.relname, a.attname ' +
          'FROM pg_catalog.pg_constraint k ' +
          'JOIN pg_catalog.pg_class c ON c.oid = k.conrelid ' +
          'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          'CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) ' +
          'JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum ' +
          `WHERE k.contype = 'p' AND n.nspname IN ${inList(schemas.length)} AND ${TABLE_FILTER} ` +
          'ORDER BY n.nspname, c.relname, u.ord',
        params: schemas,
      })
      return toPrimaryKeyRows(result.rows)
    },

    async foreignKeys(schemas) {
      const n = schemas.length
      const result = await run({
        sql:
          'SELECT k.conname, n1.nspname, c1.relname, a1.attname, n2.nspname, c2.relname, a2.attname ' +
          'FROM pg_catalog.pg_constraint k ' +
          'JOIN pg_catalog.pg_class c1 ON c1.oid = k.conrelid ' +
          'JOIN pg_catalog.pg_namespace n1 ON n1.oid = c1.relnamespace ' +
          'JOIN pg_catalog.pg_class c2 ON c2.oid = k.confrelid ' +
          'JOIN pg_catalog.pg_namespace n2 ON n2.oid = c2.relnamespace ' +
          'CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(child, parent, ord) ' +
          'JOIN pg_catalog.pg_attribute a1 ON a1.attrelid = k.conrelid AND a1.attnum = u.child ' +
          'JOIN pg_catalog.pg_attribute a2 ON a2.attrelid = k.confrelid AND a2.attnum = u.parent ' +
          // conparentid <> 0: the per-partition clones of a partitioned table's key.
          "WHERE k.contype = 'f' AND k.conparentid = 0 " +
          `AND (n1.nspname IN ${inList(n)} OR n2.nspname IN ${inList(n, n + 1)}) ` +
          'ORDER BY n1.nspname, c1.relname, k.conname, u.ord',
        params: [...schemas, ...schemas],
      })
      return toForeignKeyRows(result.rows)
    },

    async indexes(schemas) {
      const result = await run({
        sql:
          'SELECT n.nspname, c.relname, ic.relname, i.indisunique, a.attname, ' +
          'pg_get_indexdef(i.indexrelid, u.ord::int, true) ' +
          'FROM pg_catalog.pg_index i ' +
          'JOIN pg_catalog.pg_class c ON c.oid = i.indrelid ' +
          'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          'JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid ' +
          'CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS u(attnum, ord) ' +
          'LEFT JOIN pg_catalog.pg_attribute a ' +
          'ON a.attrelid = c.oid AND a.attnum = u.attnum AND u.attnum > 0 ' +
          'WHERE NOT i.indisprimary AND u.ord <= i.indnkeyatts ' +
          `AND n.nspname IN ${inList(schemas.length)} AND ${TABLE_FILTER} ` +
          'ORDER BY n.nspname, c.relname, ic.relname, u.ord',
        params: schemas,
      })
      return toIndexRows(result.rows)
    },

    async lineage(schemas) {
      // Asked first, not learnt from a refused read: a failed statement would abort the transaction it ran in.
      const readable = firstColumn(
        (
          await run({
            sql:
              'SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
              `WHERE n.nspname IN ${inList(schemas.length)} AND c.relname = $${schemas.length + 1} ` +
              "AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT') ORDER BY n.nspname",
            params: [...schemas, LINEAGE_TABLE],
          })
        ).rows,
      )
      if (readable.length === 0) return { schemas: [], rows: [] }
      const select = (schema: string, i: number): string =>
        `SELECT $${i + 1}::text, table_name::text, attribute_name::text, lineage::text ` +
        `FROM ${quote(schema)}.${quote(LINEAGE_TABLE)}`
      return { schemas: readable, rows: toLineageRows((await run(unionAll(readable, select))).rows) }
    },
  }

  return {
    async listSchemas() {
      // pg_* names are reserved for the system (pg_catalog, pg_toast, pg_temp_N…); `public` is listed only
      // when it holds a table, since every database has it.
      const result = await run({
        sql:
          'SELECT n.nspname FROM pg_catalog.pg_namespace n ' +
          "WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' " +
          "AND (n.nspname <> 'public' OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c " +
          `WHERE c.relnamespace = n.oid AND ${TABLE_FILTER})) ` +
          "AND has_schema_privilege(n.oid, 'USAGE') ORDER BY n.nspname",
        params: [],
      })
      return firstColumn(result.rows)
    },

    async schemaExists(schema) {
      const result = await run({
        sql: 'SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1',
        params: [schema],
      })
      return result.rows.length > 0
    },

    loadCatalog: (schemas) => loadCatalogRows(reads, schemas),

    async catalogVersions(schemas) {
      // Every catalog row a load reads gets a new xmin when DDL changes it: a digest of the (oid, xmin) of the schema's
      // relations, and of its tables' columns, defaults, constraints and comments, changes with any table created,
      // altered or dropped there (ANALYZE and VACUUM update pg_class in place, keeping its xmin). The enum types of the
      // columns (DataJoint's `enum(…)`, a type in the table's schema) are digested with their pg_enum rows:
      // ALTER TYPE … ADD VALUE or RENAME VALUE changes none of a table's own rows, yet changes the members a load reads.
      // The tables' rows are found through the catalogs' indexes by an array of the tables' oids, not by joins on
      // pg_class: a new connection pays for every catalog page it first touches, and a join scanned all of pg_attribute.
      // The planner takes such an array for ten elements, so stale catalog statistics never cost the statement enough
      // to be JIT-compiled (as correlated subqueries per table were). The columns' pass also collects their types, so
      // the enum types are found by oid without reading pg_attribute again.
      const digest = (select: string, from: string, order: string): string =>
        `(SELECT string_agg(${select}, ',' ORDER BY ${order}) ${from})`
      const result = await run({
        sql:
          'WITH ns AS MATERIALIZED (SELECT n.nspname, ' +
          `${digest("c.oid::text || ':' || c.xmin::text", 'FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid', 'c.oid')} AS relations, ` +
          `ARRAY(SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid AND ${TABLE_KINDS}) AS tables ` +
          `FROM pg_catalog.pg_namespace n WHERE n.nspname IN ${inList(schemas.length)}) ` +
          "SELECT ns.nspname, md5(concat_ws('|', ns.relations, cols.attributes, " +
          [
            digest("d.oid::text || ':' || d.xmin::text", 'FROM pg_catalog.pg_attrdef d WHERE d.adrelid = ANY (ns.tables)', 'd.oid'),
            digest("k.oid::text || ':' || k.xmin::text", 'FROM pg_catalog.pg_constraint k WHERE k.conrelid = ANY (ns.tables)', 'k.oid'),
            digest(
              "ds.objoid::text || '.' || ds.objsubid::text || ':' || ds.xmin::text",
              'FROM pg_catalog.pg_description ds ' +
                "WHERE ds.objoid = ANY (ns.tables) AND ds.classoid = 'pg_catalog.pg_class'::regclass",
              'ds.objoid, ds.objsubid',
            ),
            digest(
              "t.oid::text || ':' || t.xmin::text || '.' || e.oid::text || ':' || e.xmin::text",
              'FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid WHERE t.oid = ANY (cols.types)',
              't.oid, e.oid',
            ),
          ].join(', ') +
          ')) FROM ns CROSS JOIN LATERAL (SELECT ' +
          "string_agg(a.attrelid::text || '.' || a.attnum::text || ':' || a.xmin::text, ',' ORDER BY a.attrelid, a.attnum) AS attributes, " +
          'array_agg(DISTINCT a.atttypid) AS types ' +
          'FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY (ns.tables) AND a.attnum > 0) cols',
        params: schemas,
      })
      const versions = new Map<string, string | null>(schemas.map((schema) => [schema, null]))
      for (const r of result.rows) versions.set(cellString(r[0]), cellString(r[1]))
      return versions
    },

    async downstreamSchemas(schemas) {
      if (schemas.length === 0) return []
      const n = schemas.length
      const result = await run({
        sql:
          'SELECT DISTINCT n1.nspname FROM pg_catalog.pg_constraint k ' +
          'JOIN pg_catalog.pg_class c1 ON c1.oid = k.conrelid ' +
          'JOIN pg_catalog.pg_namespace n1 ON n1.oid = c1.relnamespace ' +
          'JOIN pg_catalog.pg_class c2 ON c2.oid = k.confrelid ' +
          'JOIN pg_catalog.pg_namespace n2 ON n2.oid = c2.relnamespace ' +
          `WHERE k.contype = 'f' AND n2.nspname IN ${inList(n)} AND n1.nspname NOT IN ${inList(n, n + 1)} ` +
          'ORDER BY n1.nspname',
        params: [...schemas, ...schemas],
      })
      return firstColumn(result.rows)
    },

    async enumTypesOf(schema, table) {
      const result = await run({
        sql:
          'SELECT DISTINCT tn.nspname, t.typname FROM pg_catalog.pg_attribute a ' +
          'JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
          'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          'JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
          'JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace ' +
          "WHERE n.nspname = $1 AND c.relname = $2 AND t.typtype = 'e' " +
          'AND a.attnum > 0 AND NOT a.attisdropped ' +
          'ORDER BY 1, 2',
        params: [schema, table],
      })
      return result.rows.map((r) => ({ schema: cellString(r[0]), name: cellString(r[1]) }))
    },

    rowCounts: exactCounts,

    async rowEstimates(schema, tableNames) {
      if (tableNames.length === 0) return new Map()
      // Two estimates, the larger taken (too high only shows an estimate where a count was cheap; too low makes the
      // caller count a huge table): reltuples/relpages, the density the last VACUUM or ANALYZE saw, scaled to the
      // table's current size as the planner does (reltuples is -1 before the first one, e.g. for hours after a bulk
      // load), and the cumulative statistics' live-row count, what autovacuum goes by (0 after a statistics reset).
      // A table without a page holds no row, not even an uncommitted one: that count is exact, and saves the caller
      // a count (at 500 tables, ~0.8 ms each on a new connection). Other tables without either estimate are left out,
      // for the caller to count if it must.
      const result = await run({
        sql:
          'SELECT c.relname, GREATEST(' +
          "CASE WHEN c.reltuples >= 0 AND c.relkind = 'p' THEN c.reltuples " +
          'WHEN c.reltuples >= 0 AND c.relpages > 0 THEN c.reltuples / c.relpages * ' +
          "(pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::float8) END, " +
          'NULLIF(pg_catalog.pg_stat_get_live_tuples(c.oid), 0))::float8, ' +
          "c.relkind = 'r' AND pg_catalog.pg_relation_size(c.oid) = 0 " +
          'FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          `WHERE n.nspname = $1 AND c.relname IN ${inList(tableNames.length, 2)} AND c.relkind IN ('r', 'p')`,
        params: [schema, ...tableNames],
      })
      const counts = new Map<string, RowCount>()
      for (const r of result.rows) {
        if (cellBoolean(r[2])) counts.set(cellString(r[0]), { count: 0, estimated: false })
        else if (r[1] !== null) counts.set(cellString(r[0]), { count: Math.round(cellNumber(r[1])), estimated: true })
      }
      return counts
    },
  }
}
