import { describe, expect, it } from 'vitest'
import type { Condition, Literal, QueryExpr } from '../algebra/ast'
import * as build from '../algebra/build'
import { createMysqlDialect } from '../adapters/mysql/dialect'
import { createPostgresDialect } from '../adapters/postgres/dialect'
import { DataJointError } from '../errors/datajoint-error'
import { tableKey } from '../heading/table-info'
import { DependencyGraph } from '../schema/dependencies'
import { catalogOf, probeTables, simulateSchemas, type SimulatedTable } from '../testing/simulated-schemas'
import type { QueryNode, SelectNode } from '../sql/nodes'
import { resolve } from '../algebra/resolve'
import type { EngineContext } from '../instance/context'
import { planDelete } from '../sql/plan-mutations'
import { prepareDelete } from '../pipeline/pipeline'
import {
  assertPartIntegrity,
  cascadeScope,
  propagateRestrictions,
  restrictedTableOf,
  seedRestriction,
  sliceKeys,
  type MaterialisedKeys,
  type PartIntegrity,
} from './delete'

const M = 'probe_main'
const O = 'probe_other'
const TABLES: SimulatedTable[] = [
  ...probeTables(M),
  { schema: O, className: 'Note', tier: 'manual', definition: `-> ${M}.Session\nnote_id : int32` },
]

function setup(backend: 'mysql' | 'postgresql') {
  const infos = simulateSchemas(TABLES, backend)
  const graph = DependencyGraph.fromTables(infos.values())
  const context: Pick<EngineContext, 'dialect' | 'resolveContext'> = {
    dialect: backend === 'mysql' ? createMysqlDialect() : createPostgresDialect(),
    resolveContext: { catalog: catalogOf(infos) },
  }
  const cascade = (expr: QueryExpr, partIntegrity: PartIntegrity = 'enforce') => {
    const { schema, table } = restrictedTableOf(expr)
    const seed = tableKey(schema, table)
    return propagateRestrictions(graph, seed, seedRestriction(expr, context.resolveContext), cascadeScope(graph, seed, partIntegrity))
  }
  const sql = (expr: QueryExpr) => prepareDelete(context, expr)
  return { graph, context, cascade, sql }
}

const { cascade, sql } = setup('mysql')
const t = (table: string, schema = M): QueryExpr => build.table(schema, table)
const num = (value: number): Literal => ({ kind: 'lit', type: 'number', value })
const restricted = (table: string, condition: Condition): QueryExpr => build.restrict(t(table), condition, { semanticCheck: false })
const labOne = build.restrict(t('lab'), build.match({ lab_id: num(1) }))

describe("restriction propagation (DataJoint Python's cascade)", () => {
  const result = cascade(labOne)
  const get = (table: string, schema = M) => result.restricted.get(tableKey(schema, table))

  it('reaches the seed and every descendant, parents first, across schemas', () => {
    expect(result.order).toEqual([
      `${M}.lab`,
      `${M}.researcher`,
      `${M}.subject`,
      `${M}.pair`,
      `${M}.session`,
      `${M}.session__trial`,
      `${M}.__session_stats`,
      `${O}.note`,
    ])
  })

  it('rule 1: copies a restriction on columns the foreign key brings into the child key', () => {
    expect(get('researcher')).toEqual(restricted('researcher', build.match({ lab_id: num(1) })))
  })

  it('rule 3: a semijoin with the restricted parent key otherwise (secondary foreign key)', () => {
    expect(get('subject')).toEqual(restricted('subject', build.semijoin(build.proj(get('researcher') as QueryExpr))))
  })

  it('rule 2: a renamed foreign key renames the parent key; several foreign keys OR', () => {
    const lab = get('lab') as QueryExpr
    const subject = get('subject') as QueryExpr
    expect(get('session')).toEqual(
      restricted(
        'session',
        build.or([
          build.semijoin(build.proj(build.proj(lab), { rename: { host_lab: 'lab_id' } })),
          build.semijoin(build.proj(subject)),
        ]),
      ),
    )
    expect(get('pair')).toEqual(
      restricted(
        'pair',
        build.or([
          build.semijoin(build.proj(build.proj(subject), { rename: { subj_a: 'subject_id' } })),
          build.semijoin(build.proj(build.proj(subject), { rename: { subj_b: 'subject_id' } })),
        ]),
      ),
    )
  })

  it('rule 3 again when the parent restriction constrains a column the child key lacks (host_lab)', () => {
    expect(get('session__trial')).toEqual(restricted('session__trial', build.semijoin(build.proj(get('session') as QueryExpr))))
    expect(get('note', O)).toEqual(build.restrict(t('note', O), build.semijoin(build.proj(get('session') as QueryExpr)), { semanticCheck: false }))
  })

  it('drops dict keys the seed ignored before copying them to children', () => {
    const seed = build.restrict(t('lab'), build.match({ lab_id: num(1), researcher_id: num(7) }))
    expect(cascade(seed).restricted.get(`${M}.researcher`)).toEqual(restricted('researcher', build.match({ lab_id: num(1) })))
  })

  it('does not copy a semijoin that matches on fewer attributes than its operand has', () => {
    const byResearcher = build.restrict(t('lab'), build.semijoin(build.restrict(t('researcher'), build.match({ researcher_id: num(5) }))))
    const result = cascade(byResearcher)
    expect(result.restricted.get(`${M}.researcher`)).toEqual(
      restricted('researcher', build.semijoin(build.proj(result.restricted.get(`${M}.lab`) as QueryExpr))),
    )
  })

  it('copies a semijoin with a key-only operand', () => {
    const subjects = build.proj(build.restrict(t('subject'), build.match({ subject_id: num(3) })))
    const seed = build.restrict(t('session'), build.semijoin(subjects))
    expect(cascade(seed).restricted.get(`${M}.session__trial`)).toEqual(restricted('session__trial', build.semijoin(subjects)))
  })

  it('restricts an unrestricted seed by nothing and its children by its key', () => {
    const result = cascade(t('subject'))
    expect(result.restricted.get(`${M}.subject`)).toEqual(t('subject'))
    expect(result.restricted.get(`${M}.session`)).toEqual(restricted('session', build.semijoin(build.proj(t('subject')))))
  })
})

describe('cascadeScope', () => {
  const { graph } = setup('mysql')
  it('adds masters of reachable parts (and their descendants) only under part_integrity=cascade', () => {
    expect([...cascadeScope(graph, `${M}.session__trial`, 'enforce')]).toEqual([`${M}.session__trial`])
    expect(graph.topoSort(cascadeScope(graph, `${M}.session__trial`, 'cascade'))).toEqual([
      `${M}.session`,
      `${M}.session__trial`,
      `${M}.__session_stats`,
      `${O}.note`,
    ])
  })
})

describe('DELETE statements', () => {
  // An integer literal is bound on MySQL as a 64-bit integer (its own type, as DataJoint's literal SQL text has it).
  it('match DataJoint: a copied restriction, then semijoins on the parent key (MySQL)', () => {
    const result = cascade(labOne)
    const of = (table: string) => sql(result.restricted.get(`${M}.${table}`) as QueryExpr)
    expect(of('lab')).toEqual({ sql: 'DELETE FROM `probe_main`.`lab` WHERE (`lab_id` = ?)', params: [1n] })
    expect(of('researcher')).toEqual({ sql: 'DELETE FROM `probe_main`.`researcher` WHERE (`lab_id` = ?)', params: [1n] })
    expect(of('subject').sql).toBe(
      'DELETE FROM `probe_main`.`subject` WHERE ((`lab_id`, `researcher_id`) IN (SELECT `t1`.`lab_id`,`t1`.`researcher_id` ' +
        'FROM `probe_main`.`researcher` AS `t1` WHERE (`t1`.`lab_id` = ?)))',
    )
    expect(of('session').sql).toBe(
      'DELETE FROM `probe_main`.`session` WHERE ((`host_lab` IN (SELECT `t1`.`lab_id` AS `host_lab` FROM `probe_main`.`lab` AS `t1` ' +
        'WHERE (`t1`.`lab_id` = ?))) OR (`subject_id` IN (SELECT `t2`.`subject_id` FROM `probe_main`.`subject` AS `t2` ' +
        'WHERE ((`t2`.`lab_id`, `t2`.`researcher_id`) IN (SELECT `t3`.`lab_id`,`t3`.`researcher_id` FROM `probe_main`.`researcher` AS `t3` ' +
        'WHERE (`t3`.`lab_id` = ?))))))',
    )
  })

  it('match DataJoint on PostgreSQL', () => {
    const pg = setup('postgresql')
    const result = pg.cascade(labOne)
    expect(pg.sql(result.restricted.get(`${M}.researcher`) as QueryExpr)).toEqual({
      sql: 'DELETE FROM "probe_main"."researcher" WHERE ("lab_id" = $1::integer)',
      params: [1],
    })
    expect(pg.sql(result.restricted.get(`${M}.subject`) as QueryExpr).sql).toBe(
      'DELETE FROM "probe_main"."subject" WHERE (("lab_id", "researcher_id") IN (SELECT "t1"."lab_id","t1"."researcher_id" ' +
        'FROM "probe_main"."researcher" AS "t1" WHERE ("t1"."lab_id" = $1::integer)))',
    )
  })

  it('an unrestricted table deletes everything', () => {
    expect(sql(t('pair'))).toEqual({ sql: 'DELETE FROM `probe_main`.`pair`', params: [] })
  })

  it('collects keys in a DISTINCT derived table when the restriction reads the target table (MySQL error 1093)', () => {
    const self = build.restrict(t('lab'), build.semijoin(build.proj(build.restrict(t('lab'), build.match({ lab_name: { kind: 'lit', type: 'string', value: 'x' } })))))
    expect(sql(self).sql).toBe(
      'DELETE FROM `probe_main`.`lab` WHERE (`lab_id` IN (SELECT `_keys`.`lab_id` FROM (SELECT DISTINCT `t1`.`lab_id` ' +
        'FROM `probe_main`.`lab` AS `t1` WHERE (`t1`.`lab_id` IN (SELECT `t2`.`lab_id` FROM `probe_main`.`lab` AS `t2` ' +
        'WHERE (`t2`.`lab_name` = ?)))) AS `_keys`))',
    )
  })

  it('never reads the target table in its own subquery except through a materialised (DISTINCT) derived table', () => {
    const seeds: QueryExpr[] = [
      labOne,
      t('lab'),
      build.restrict(t('subject'), build.semijoin(build.proj(t('session')))),
      build.restrict(t('session'), build.not(build.semijoin(build.proj(build.restrict(t('session'), build.match({ session: num(1) })))))),
      build.restrict(t('lab'), build.semijoin(build.proj(build.restrict(t('lab'), build.match({ lab_id: num(2) }))))),
    ]
    const { context } = setup('mysql')
    for (const seed of seeds) {
      const result = cascade(seed)
      for (const key of result.order) {
        const expr = result.restricted.get(key) as QueryExpr
        const { schema, table } = restrictedTableOf(expr)
        const statement = planDelete(resolve(expr, context.resolveContext), context.dialect.capabilities)
        expect(unmaterialisedReads(statement.where, schema, table), `${key} from ${JSON.stringify(seed).slice(0, 80)}`).toBe(false)
      }
    }
  })
})

/** Whether `node` reads schema.table outside a DISTINCT derived table. */
function unmaterialisedReads(node: unknown, schema: string, table: string): boolean {
  if (typeof node !== 'object' || node === null || node instanceof Uint8Array) return false
  const record = node as Record<string, unknown>
  if (record['kind'] === 'derived' && ((record['query'] as QueryNode).kind === 'select' && (record['query'] as SelectNode).distinct)) return false
  if (record['kind'] === 'tableRef') return record['schema'] === schema && record['table'] === table
  return Object.values(record).some((v) => (Array.isArray(v) ? v.some((x) => unmaterialisedReads(x, schema, table)) : unmaterialisedReads(v, schema, table)))
}

describe('sliceKeys', () => {
  const keys: MaterialisedKeys[] = [
    { table: `${M}.lab`, attributes: ['lab_id'], rows: [{ lab_id: 1 }, { lab_id: 2 }, { lab_id: 3 }] },
    { table: `${M}.session`, attributes: ['subject_id', 'session'], rows: [{ subject_id: 10, session: 1 }, { subject_id: 10, session: 2 }] },
  ]
  const rowsOf = (start: number, end: number) => sliceKeys(keys, start, end).map((k) => k.rows)

  it('counts across the key lists in order and keeps every list, empty or not', () => {
    expect(rowsOf(0, 5)).toEqual([keys[0]?.rows, keys[1]?.rows])
    expect(rowsOf(2, 4)).toEqual([[{ lab_id: 3 }], [{ subject_id: 10, session: 1 }]])
    expect(rowsOf(3, 5)).toEqual([[], keys[1]?.rows])
    expect(rowsOf(0, 2)).toEqual([[{ lab_id: 1 }, { lab_id: 2 }], []])
  })
})

describe('argument checks', () => {
  it('validates part_integrity like Python (ValueError → INVALID_INPUT)', () => {
    expect(() => assertPartIntegrity('both')).toThrow("part_integrity must be 'enforce', 'ignore', or 'cascade', got 'both'")
    expect(() => assertPartIntegrity('cascade', ['enforce', 'ignore'], 'part_integrity for drop')).toThrow(
      "part_integrity for drop must be 'enforce' or 'ignore', got 'cascade'",
    )
    expect(() => assertPartIntegrity('cascade', ['enforce', 'ignore'])).toThrow(DataJointError)
  })

  it('deletes only from a table or its restrictions', () => {
    expect(() => restrictedTableOf(build.proj(t('lab')))).toThrow('Only a table or a restriction of a table can be deleted from')
    expect(() => restrictedTableOf(build.top(t('lab')))).toThrow(DataJointError)
  })
})
