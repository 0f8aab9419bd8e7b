import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { parseCondition, parseOrderByList, parseScalar } from '../../../../src/algebra/parse-expression'
import { Button, IconButton } from '../../../components/button'
import { CloseIcon, PlusIcon } from '../../../components/icons'
import { schemasQuery, tablesQuery } from '../../browser'
import { emptyGroup, literalTypeFor, ROW_OPERATORS, type BuilderQuery, type Computed, type ConditionGroup, type ConditionItem, type ConditionRow, type Operand, type Step, type StepBody } from '../model'
import { savedQueriesQuery } from '../queries'
import { CodeField } from './code-field'

/** The languages a query is copied as: DataJoint Python, or this engine's TypeScript. */
export type CodeLanguage = 'python' | 'typescript'

/** What every editor of a query (and of its nested operands) needs to know. */
export interface EditorScope {
  readonly tabId: string
  /** The schema new table pickers start in. */
  readonly defaultSchema: string
  /** Copies a tree as code; the query's toolbar says whether it was copied. */
  readonly copyAs: (language: CodeLanguage, expr: QueryExpr) => void
}

/** The parser's complaint about a text, for the code field to mark; null while it parses (or is empty). */
export function parseProblem(text: string, parse: (text: string) => unknown): { message: string; position: number | null } | null {
  if (text.trim() === '') return null
  try {
    parse(text)
    return null
  } catch (error) {
    const details = (error as { details?: { position?: unknown } }).details
    return { message: error instanceof Error ? error.message : String(error), position: typeof details?.position === 'number' ? details.position : null }
  }
}

// ── Operands ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface OperandPickerProps {
  readonly scope: EditorScope
  readonly label: string
  readonly operand: Operand
  readonly onChange: (operand: Operand) => void
  /** How deep this picker is in nested queries (nested editors render without their own checks). */
  readonly depth: number
  readonly renderNested: (query: BuilderQuery, onChange: (query: BuilderQuery) => void, depth: number) => React.ReactNode
}

/** Where an operand comes from: a table, a saved query, or a query built here the same way (nested). */
export function OperandPicker({ scope, label, operand, onChange, depth, renderNested }: OperandPickerProps) {
  const saved = useQuery(savedQueriesQuery(scope.tabId))
  const sourceId = useId()
  const source = operand.kind
  const setSource = (next: Operand['kind']) => {
    if (next === source) return
    if (next === 'table') onChange({ kind: 'table', schema: scope.defaultSchema, table: '' })
    else if (next === 'query') onChange({ kind: 'query', query: { start: operand.kind === 'query' ? operand.query.start : operand, steps: [] } })
    else {
      const first = saved.data?.[0]
      onChange(first === undefined ? { kind: 'saved', id: '', name: '', tree: { kind: 'universal', attributes: [] } } : { kind: 'saved', id: first.id, name: first.name, tree: first.tree })
    }
  }
  return (
    <fieldset className="qb-operand">
      <legend>{label}</legend>
      <div className="qb-row">
        <label htmlFor={sourceId} className="qb-label">
          From
        </label>
        <select id={sourceId} value={source} onChange={(e) => setSource(e.target.value as Operand['kind'])} aria-label={`${label}: source`}>
          <option value="table">a table</option>
          <option value="saved">a saved query</option>
          <option value="query">a query built here</option>
        </select>
        {operand.kind === 'table' ? <TablePicker scope={scope} label={label} schema={operand.schema} table={operand.table} onChange={(schema, table) => onChange({ kind: 'table', schema, table })} /> : null}
        {operand.kind === 'saved' ? (
          <select
            aria-label={`${label}: saved query`}
            value={operand.id}
            onChange={(e) => {
              const chosen = saved.data?.find((q) => q.id === e.target.value)
              if (chosen !== undefined) onChange({ kind: 'saved', id: chosen.id, name: chosen.name, tree: chosen.tree })
            }}
          >
            {operand.id === '' ? <option value="">(no saved query yet)</option> : null}
            {(saved.data ?? []).map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {operand.kind === 'query' ? <div className="qb-nested">{renderNested(operand.query, (query) => onChange({ kind: 'query', query }), depth + 1)}</div> : null}
    </fieldset>
  )
}

export interface TablePickerProps {
  readonly scope: EditorScope
  readonly label: string
  readonly schema: string
  readonly table: string
  readonly onChange: (schema: string, table: string) => void
}

/** A schema and one of its tables. */
export function TablePicker({ scope, label, schema, table, onChange }: TablePickerProps) {
  const schemas = useQuery(schemasQuery(scope.tabId))
  const tables = useQuery({ ...tablesQuery(scope.tabId, schema), enabled: schema !== '' })
  return (
    <>
      <select aria-label={`${label}: schema`} value={schema} onChange={(e) => onChange(e.target.value, '')}>
        {schema === '' ? <option value="">(schema)</option> : null}
        {(schemas.data ?? (schema === '' ? [] : [schema])).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select aria-label={`${label}: table`} value={table} onChange={(e) => onChange(schema, e.target.value)}>
        <option value="">(table)</option>
        {(tables.data ?? []).map((t) => (
          <option key={t.table} value={t.table}>
            {t.className}
          </option>
        ))}
      </select>
    </>
  )
}

// ── Conditions ──────────────────────────────────────────────────────────────────────────────────────────────────

const VALUE_HINTS: Readonly<Record<string, string>> = {
  date: 'YYYY-MM-DD',
  datetime: 'YYYY-MM-DD HH:MM:SS',
  time: 'HH:MM:SS',
  uuid: 'xxxxxxxx-xxxx-…',
  integer: 'a number',
  float: 'a number',
  decimal: 'a number',
}

export interface ConditionGroupEditorProps {
  readonly group: ConditionGroup
  readonly onChange: (group: ConditionGroup) => void
  readonly attributes: readonly WireAttribute[]
  readonly label: string
}

/** Conditions by attribute (typed values), DataJoint text, and nested groups, combined with AND or OR, or NOT. */
export function ConditionGroupEditor({ group, onChange, attributes, label }: ConditionGroupEditorProps) {
  const setItem = (index: number, item: ConditionItem | null) =>
    onChange({ ...group, items: item === null ? group.items.filter((_, i) => i !== index) : group.items.map((x, i) => (i === index ? item : x)) })
  const first = attributes[0]
  const newRow: ConditionRow = { kind: 'row', attribute: first?.name ?? '', op: '=', value: '', high: '', valueType: literalTypeFor(first?.category ?? 'string') }
  return (
    <div className="qb-group" role="group" aria-label={label}>
      <div className="qb-row">
        <label className="qb-check">
          <input type="checkbox" checked={group.negated} onChange={(e) => onChange({ ...group, negated: e.target.checked })} /> NOT
        </label>
        <select aria-label={`${label}: combine with`} value={group.combine} onChange={(e) => onChange({ ...group, combine: e.target.value as 'and' | 'or' })}>
          <option value="and">all of (AND)</option>
          <option value="or">any of (OR)</option>
        </select>
      </div>
      {group.items.map((item, index) => (
        <div className="qb-condition" key={index}>
          {item.kind === 'row' ? (
            <RowEditor row={item} attributes={attributes} onChange={(row) => setItem(index, row)} label={`${label}: condition ${index + 1}`} />
          ) : item.kind === 'text' ? (
            <CodeField
              label={`${label}: condition ${index + 1} text`}
              value={item.text}
              onChange={(text) => setItem(index, { kind: 'text', text })}
              attributes={attributes.map((a) => a.name)}
              error={parseProblem(item.text, parseCondition)}
              placeholder="home_state = 'UT' and date_of_birth > '1995-01-01'"
            />
          ) : (
            <ConditionGroupEditor group={item} attributes={attributes} onChange={(g) => setItem(index, g)} label={`${label}: group ${index + 1}`} />
          )}
          <IconButton label={`Remove condition ${index + 1}`} onClick={() => setItem(index, null)}>
            <CloseIcon size={12} />
          </IconButton>
        </div>
      ))}
      <div className="qb-row">
        <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => onChange({ ...group, items: [...group.items, newRow] })}>
          Condition
        </Button>
        <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => onChange({ ...group, items: [...group.items, { kind: 'text', text: '' }] })}>
          Text
        </Button>
        <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => onChange({ ...group, items: [...group.items, { ...emptyGroup(), combine: group.combine === 'and' ? 'or' : 'and' }] })}>
          Group
        </Button>
      </div>
    </div>
  )
}

function RowEditor({ row, attributes, onChange, label }: { row: ConditionRow; attributes: readonly WireAttribute[]; onChange: (row: ConditionRow) => void; label: string }) {
  const attribute = attributes.find((a) => a.name === row.attribute)
  const needsValue = row.op !== 'is null' && row.op !== 'is not null'
  const textual = row.op === 'like' || row.op === 'not like' || row.op === 'in'
  const choices = attribute?.category === 'enum' && !textual ? (attribute.enumValues ?? []) : attribute?.category === 'bool' && !textual ? ['true', 'false'] : null
  const hint = row.op === 'in' ? 'values, separated by commas' : textual ? 'pattern with % and _' : (VALUE_HINTS[attribute?.category ?? ''] ?? 'value')
  const valueInput = (value: string, which: 'value' | 'high', name: string) =>
    choices === null ? (
      <input type="text" aria-label={name} value={value} placeholder={hint} onChange={(e) => onChange({ ...row, [which]: e.target.value })} />
    ) : (
      <select aria-label={name} value={value} onChange={(e) => onChange({ ...row, [which]: e.target.value })}>
        <option value="">(choose)</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    )
  return (
    <div className="qb-row">
      <select
        aria-label={`${label}: attribute`}
        value={row.attribute}
        onChange={(e) => {
          const next = attributes.find((a) => a.name === e.target.value)
          onChange({ ...row, attribute: e.target.value, valueType: literalTypeFor(next?.category ?? 'string') })
        }}
      >
        {attribute === undefined ? <option value={row.attribute}>{row.attribute === '' ? '(attribute)' : `${row.attribute} (not in this query)`}</option> : null}
        {attributes.map((a) => (
          <option key={a.name} value={a.name}>
            {a.name}
          </option>
        ))}
      </select>
      <select aria-label={`${label}: operator`} value={row.op} onChange={(e) => onChange({ ...row, op: e.target.value as ConditionRow['op'] })}>
        {ROW_OPERATORS.map((op) => (
          <option key={op} value={op}>
            {op}
          </option>
        ))}
      </select>
      {needsValue ? valueInput(row.value, 'value', `${label}: value`) : null}
      {row.op === 'between' ? (
        <>
          <span className="muted">and</span>
          {valueInput(row.high, 'high', `${label}: upper value`)}
        </>
      ) : null}
    </div>
  )
}

// ── Attribute lists and computed attributes ─────────────────────────────────────────────────────────────────────

const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max', 'group_concat'] as const

function ComputedEditor({
  computed,
  onChange,
  attributes,
  label,
  aggregates,
}: {
  computed: readonly Computed[]
  onChange: (computed: Computed[]) => void
  attributes: readonly string[]
  label: string
  aggregates: boolean
}) {
  const set = (index: number, item: Computed | null) =>
    onChange(item === null ? computed.filter((_, i) => i !== index) : computed.map((c, i) => (i === index ? item : c)))
  const quickId = useId()
  return (
    <div className="qb-computed" role="group" aria-label={label}>
      {computed.map((c, index) => (
        <div className="qb-row" key={index}>
          <input type="text" className="qb-name" aria-label={`${label} ${index + 1}: name`} value={c.name} onChange={(e) => set(index, { ...c, name: e.target.value })} />
          <span className="muted">=</span>
          <CodeField
            label={`${label} ${index + 1}: expression`}
            value={c.text}
            onChange={(text) => set(index, { ...c, text })}
            attributes={attributes}
            error={parseProblem(c.text, parseScalar)}
            placeholder={aggregates ? 'count(*)' : 'credits * 2'}
          />
          <IconButton label={`Remove ${label.toLowerCase()} ${index + 1}`} onClick={() => set(index, null)}>
            <CloseIcon size={12} />
          </IconButton>
        </div>
      ))}
      <div className="qb-row">
        <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => onChange([...computed, { name: `attr${computed.length + 1}`, text: '' }])}>
          Computed attribute
        </Button>
        {aggregates ? (
          <select
            id={quickId}
            aria-label={`${label}: add an aggregate`}
            value=""
            onChange={(e) => {
              const [fn, attribute] = e.target.value.split(':')
              if (fn === undefined || attribute === undefined) return
              const text = attribute === '*' ? `${fn}(*)` : `${fn}(${attribute})`
              const name = attribute === '*' ? 'n' : `${fn}_${attribute}`
              onChange([...computed, { name, text }])
            }}
          >
            <option value="">Add count / sum / avg / min / max / group-concat…</option>
            <option value="count:*">count(*)</option>
            {AGGREGATES.flatMap((fn) =>
              attributes.map((a) => (
                <option key={`${fn}:${a}`} value={`${fn}:${a}`}>
                  {fn}({a})
                </option>
              )),
            )}
          </select>
        ) : null}
      </div>
    </div>
  )
}

function AttributeChoice({ attributes, chosen, onChange, label }: { attributes: readonly WireAttribute[]; chosen: readonly string[]; onChange: (names: string[]) => void; label: string }) {
  return (
    <div className="qb-choices" role="group" aria-label={label}>
      {attributes.map((a) => (
        <label key={a.name} className="qb-check">
          <input
            type="checkbox"
            checked={chosen.includes(a.name)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, a.name] : chosen.filter((n) => n !== a.name))}
          />
          <span className={a.inKey ? 'qb-key' : undefined}>{a.name}</span>
        </label>
      ))}
    </div>
  )
}

// ── One step ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface StepEditorProps {
  readonly scope: EditorScope
  readonly step: Step
  readonly onChange: (step: Step) => void
  /** The heading of the step's input (the previous step's result). */
  readonly input: readonly WireAttribute[]
  /** The heading of the step's other operand (join, semijoin, aggregation), once checked. */
  readonly operand: readonly WireAttribute[]
  readonly depth: number
  readonly renderNested: OperandPickerProps['renderNested']
}

/** The form of one step, by operator. */
export function StepEditor({ scope, step, onChange, input, operand: other, depth, renderNested }: StepEditorProps) {
  const body = step.body
  const set = (next: StepBody) => onChange({ ...step, body: next })
  const names = input.map((a) => a.name)
  // An aggregation computes over both operands' attributes.
  const joinedNames = [...new Set([...names, ...other.map((a) => a.name)])]
  const operand = (o: Operand, label: string, apply: (o: Operand) => StepBody) => (
    <OperandPicker scope={scope} label={label} operand={o} onChange={(next) => set(apply(next))} depth={depth} renderNested={renderNested} />
  )
  switch (body.kind) {
    case 'restrict':
      return <ConditionGroupEditor group={body.condition} attributes={input} onChange={(condition) => set({ ...body, condition })} label="Conditions" />
    case 'semijoin':
      return (
        <div className="qb-form">
          <div className="qb-row">
            <select aria-label="Keep rows that" value={body.negated ? 'no' : 'has'} onChange={(e) => set({ ...body, negated: e.target.value === 'no' })}>
              <option value="has">have a matching row in</option>
              <option value="no">have no matching row in</option>
            </select>
            <label className="qb-check">
              <input type="checkbox" checked={body.semanticCheck} onChange={(e) => set({ ...body, semanticCheck: e.target.checked })} /> Semantic check
            </label>
          </div>
          {operand(body.operand, 'Matching rows in', (o) => ({ ...body, operand: o }))}
        </div>
      )
    case 'join':
      return (
        <div className="qb-form">
          {operand(body.operand, 'Join with', (o) => ({ ...body, operand: o }))}
          <div className="qb-row">
            <label className="qb-check">
              <input type="checkbox" checked={body.left} onChange={(e) => set({ ...body, left: e.target.checked })} /> Left join (keep rows without a match)
            </label>
            <label className="qb-check">
              <input type="checkbox" checked={body.semanticCheck} onChange={(e) => set({ ...body, semanticCheck: e.target.checked })} /> Semantic check
            </label>
          </div>
        </div>
      )
    case 'proj': {
      const secondary = input.filter((a) => !a.inKey)
      const kept = (name: string) => (body.keepAll ? !body.drop.includes(name) : body.keep.includes(name))
      const toggle = (name: string, on: boolean) =>
        body.keepAll
          ? set({ ...body, drop: on ? body.drop.filter((n) => n !== name) : [...body.drop, name] })
          : set({ ...body, keep: on ? [...body.keep, name] : body.keep.filter((n) => n !== name) })
      const renameOf = (name: string) => body.rename.find((r) => r.from === name)?.to ?? ''
      const setRename = (name: string, to: string) =>
        set({ ...body, rename: [...body.rename.filter((r) => r.from !== name), ...(to === '' ? [] : [{ from: name, to }])] })
      return (
        <div className="qb-form">
          <label className="qb-check">
            <input type="checkbox" checked={body.keepAll} onChange={(e) => set({ ...body, keepAll: e.target.checked, keep: [], drop: [] })} /> Keep every attribute (…)
          </label>
          <table className="qb-proj">
            <thead>
              <tr>
                <th scope="col">Attribute</th>
                <th scope="col">Keep</th>
                <th scope="col">Rename to</th>
              </tr>
            </thead>
            <tbody>
              {input.map((a) => (
                <tr key={a.name}>
                  <td className={a.inKey ? 'qb-key' : undefined}>{a.name}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Keep ${a.name}`}
                      checked={a.inKey || kept(a.name)}
                      disabled={a.inKey || secondary.length === 0}
                      onChange={(e) => toggle(a.name, e.target.checked)}
                    />
                  </td>
                  <td>
                    <input type="text" aria-label={`Rename ${a.name} to`} value={renameOf(a.name)} onChange={(e) => setRename(a.name, e.target.value.trim())} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ComputedEditor computed={body.computed} onChange={(computed) => set({ ...body, computed })} attributes={names} label="Computed" aggregates={false} />
        </div>
      )
    }
    case 'aggr':
      return (
        <div className="qb-form">
          {operand(body.operand, 'Aggregate over', (o) => ({ ...body, operand: o }))}
          <ComputedEditor computed={body.computed} onChange={(computed) => set({ ...body, computed })} attributes={joinedNames} label="Aggregates" aggregates />
          <div className="qb-row">
            <label className="qb-check">
              <input type="checkbox" checked={body.keepNonMatching} onChange={(e) => set({ ...body, keepNonMatching: e.target.checked })} /> Keep rows with no match
            </label>
            <label className="qb-check">
              <input type="checkbox" checked={body.keepAll} onChange={(e) => set({ ...body, keepAll: e.target.checked })} /> Keep this query’s other attributes
            </label>
          </div>
        </div>
      )
    case 'union':
      return <div className="qb-form">{operand(body.operand, 'Union with', (o) => ({ ...body, operand: o }))}</div>
    case 'distinct':
      return <AttributeChoice attributes={input} chosen={body.attributes} onChange={(attributes) => set({ ...body, attributes })} label="Distinct values of" />
    case 'groupBy':
      return (
        <div className="qb-form">
          <AttributeChoice attributes={input} chosen={body.attributes} onChange={(attributes) => set({ ...body, attributes })} label="Group by" />
          <ComputedEditor computed={body.computed} onChange={(computed) => set({ ...body, computed })} attributes={names} label="Aggregates" aggregates />
        </div>
      )
    case 'top':
      return (
        <div className="qb-form">
          <div className="qb-row">
            <span className="qb-label">Order by</span>
            <CodeField
              label="Order by"
              value={body.orderBy}
              onChange={(orderBy) => set({ ...body, orderBy })}
              attributes={names}
              error={parseProblem(body.orderBy, parseOrderByList)}
              placeholder="KEY, credits DESC"
            />
          </div>
          <div className="qb-row">
            <label className="qb-check">
              Limit
              <input
                type="number"
                min={0}
                aria-label="Limit"
                value={body.limit ?? ''}
                onChange={(e) => set({ ...body, limit: e.target.value === '' ? null : Number(e.target.value) })}
              />
            </label>
            <label className="qb-check">
              Offset
              <input type="number" min={0} aria-label="Offset" value={body.offset} onChange={(e) => set({ ...body, offset: Number(e.target.value) })} />
            </label>
          </div>
        </div>
      )
  }
}
