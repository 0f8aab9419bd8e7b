import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { IconButton } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { CloseIcon, RefreshIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { schemasQuery } from '../../browser'
import {
  countsDiffer,
  countText,
  differenceLabel,
  proposeSchema,
  tableEntries,
  type TableComparison,
  type TableEntry,
  type TableStatus,
} from '../compare-model'
import { schemaDiffQuery } from '../queries'
import { AlignedView } from './aligned-view'
import { DataCompare, type ComparedSide } from './data-compare'
import { DefinitionDiff } from './definition-diff'

export interface CompareTab {
  readonly tabId: string
  readonly title: string
  /** "PostgreSQL 15", "MariaDB 10.11". */
  readonly server: string
  readonly readOnly: boolean
  readonly color: string
}

export interface CompareViewProps {
  readonly tabs: readonly CompareTab[]
  readonly initialLeft: string
  readonly initialRight: string
  readonly onClose: () => void
}

const STATUS_LABELS: Record<TableStatus, string> = { same: 'same', differs: 'differs', onlyLeft: 'only left', onlyRight: 'only right' }

function useSchemas(tabId: string) {
  return useQuery(schemasQuery(tabId))
}

interface SidePickerProps {
  readonly side: 'Left' | 'Right'
  readonly tabs: readonly CompareTab[]
  readonly tabId: string
  readonly schema: string | null
  readonly schemas: readonly string[] | undefined
  readonly onTab: (tabId: string) => void
  readonly onSchema: (schema: string) => void
}

function SidePicker({ side, tabs, tabId, schema, schemas, onTab, onSchema }: SidePickerProps) {
  const tab = tabs.find((t) => t.tabId === tabId)
  return (
    <div className={`compare-side is-${side.toLowerCase()}`}>
      <span className="compare-side-name">{side}</span>
      <span className="color-dot" style={{ background: tab?.color }} aria-hidden />
      <select aria-label={`${side} connection`} value={tabId} onChange={(e) => onTab(e.target.value)}>
        {tabs.map((t) => (
          <option key={t.tabId} value={t.tabId}>
            {t.title} ({t.server})
          </option>
        ))}
      </select>
      <select aria-label={`${side} schema`} value={schema ?? ''} onChange={(e) => onSchema(e.target.value)} disabled={schemas === undefined}>
        {schemas === undefined ? <option value="">Loading…</option> : schema === null ? <option value="">Choose a schema…</option> : null}
        {(schemas ?? []).map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {tab?.readOnly === true ? <span className="tab-badge">read-only</span> : null}
    </div>
  )
}

type DetailTab = 'differences' | 'definition' | 'data' | 'aligned'

/** Two schemas, of two connection tabs or of one, compared: tables, definitions, row counts, then rows. */
export function CompareView({ tabs, initialLeft, initialRight, onClose }: CompareViewProps) {
  const [leftTab, setLeftTab] = useState(initialLeft)
  const [rightTab, setRightTab] = useState(initialRight)
  const [leftSchema, setLeftSchema] = useState<string | null>(null)
  const [rightSchema, setRightSchema] = useState<string | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [detail, setDetail] = useState<DetailTab>('differences')
  const leftSchemas = useSchemas(leftTab)
  const rightSchemas = useSchemas(rightTab)

  // Nothing is compared until a schema is chosen on the left (a diff reads whole catalogs); the right then
  // proposes the same name when it has one.
  useEffect(() => {
    if (leftSchema !== null && leftSchemas.data !== undefined && !leftSchemas.data.includes(leftSchema)) setLeftSchema(null)
  }, [leftSchemas.data, leftSchema])
  useEffect(() => {
    if (leftSchema === null || rightSchemas.data === undefined) return
    if (rightSchema === null || !rightSchemas.data.includes(rightSchema)) setRightSchema(proposeSchema(leftSchema, rightSchemas.data))
  }, [rightSchemas.data, rightSchema, leftSchema])

  const chooseLeftSchema = (schema: string) => {
    setLeftSchema(schema)
    if (rightSchemas.data?.includes(schema) === true) setRightSchema(schema)
  }

  const ready = leftSchema !== null && rightSchema !== null
  const diff = useQuery({ ...schemaDiffQuery({ tabId: leftTab, schema: leftSchema ?? '' }, { tabId: rightTab, schema: rightSchema ?? '' }), enabled: ready })
  const entries = diff.data === undefined ? [] : tableEntries(diff.data)
  const current = entries.find((e) => e.className === selected) ?? entries.find((e) => e.status === 'differs') ?? entries[0]
  const tabOf = (tabId: string) => tabs.find((t) => t.tabId === tabId)
  const leftTitle = tabOf(leftTab)?.title ?? 'Left'
  const rightTitle = tabOf(rightTab)?.title ?? 'Right'

  const swap = () => {
    setLeftTab(rightTab)
    setRightTab(leftTab)
    setLeftSchema(rightSchema)
    setRightSchema(leftSchema)
  }

  const counts = {
    differs: entries.filter((e) => e.status === 'differs').length,
    onlyLeft: entries.filter((e) => e.status === 'onlyLeft').length,
    onlyRight: entries.filter((e) => e.status === 'onlyRight').length,
    same: entries.filter((e) => e.status === 'same').length,
  }

  return (
    <section className="compare" aria-label="Compare">
      <header className="compare-header">
        <h2 className="compare-title">Compare</h2>
        <SidePicker
          side="Left"
          tabs={tabs}
          tabId={leftTab}
          schema={leftSchema}
          schemas={leftSchemas.data}
          onTab={(id) => {
            setLeftTab(id)
            setLeftSchema(null)
          }}
          onSchema={chooseLeftSchema}
        />
        <IconButton label="Swap the sides" onClick={swap} className="compare-swap">
          ⇄
        </IconButton>
        <SidePicker
          side="Right"
          tabs={tabs}
          tabId={rightTab}
          schema={rightSchema}
          schemas={rightSchemas.data}
          onTab={(id) => {
            setRightTab(id)
            setRightSchema(null)
          }}
          onSchema={setRightSchema}
        />
        <span className="spacer" />
        <IconButton label="Compare again" onClick={() => void diff.refetch()} disabled={!ready}>
          <RefreshIcon />
        </IconButton>
        <IconButton label="Close the comparison" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </header>
      {leftSchemas.isError ? <ErrorCallout error={leftSchemas.error} /> : null}
      {rightSchemas.isError ? <ErrorCallout error={rightSchemas.error} /> : null}
      {diff.isError ? <ErrorCallout error={diff.error} /> : null}
      {diff.data === undefined ? (
        !ready ? (
          <div className="center-state">
            <p>Choose the schema to compare on each side: the same name is proposed on the right.</p>
          </div>
        ) : diff.isFetching ? (
          <div className="center-state" role="status">
            <Spinner size={20} />
            <p>Reading both schemas…</p>
          </div>
        ) : null
      ) : (
        <div className="compare-body">
          <nav className="compare-tables" aria-label="Tables compared">
            <div className="compare-summary" role="status">
              {diff.data.equal ? (
                <strong className="compare-equal">The schemas declare the same tables alike.</strong>
              ) : (
                <>
                  <span className="diff-chip is-changed">{counts.differs} differ</span>
                  <span className="diff-chip is-onlyLeft">{counts.onlyLeft} only left</span>
                  <span className="diff-chip is-onlyRight">{counts.onlyRight} only right</span>
                  <span className="diff-chip is-same">{counts.same} same</span>
                </>
              )}
            </div>
            <table className="compare-table-list" aria-label="Tables">
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col" className="num">
                    Rows left
                  </th>
                  <th scope="col" className="num">
                    Rows right
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <TableRow
                    key={entry.className}
                    entry={entry}
                    current={entry.className === current?.className}
                    onSelect={() => {
                      setSelected(entry.className)
                      if (entry.comparison === null) setDetail('differences')
                    }}
                  />
                ))}
              </tbody>
            </table>
            <Legend />
          </nav>
          <div className="compare-detail">
            {current === undefined ? (
              <p className="muted">Neither schema has tables.</p>
            ) : current.comparison === null ? (
              <div className="compare-detail-empty">
                <h3>{current.className}</h3>
                <p>
                  This table is declared {current.status === 'onlyLeft' ? `only on the left (${leftTitle} · ${leftSchema})` : `only on the right (${rightTitle} · ${rightSchema})`}.
                </p>
              </div>
            ) : (
              <TableDetail
                key={`${leftTab}/${leftSchema}/${rightTab}/${rightSchema}/${current.className}`}
                comparison={current.comparison}
                detail={detail}
                onDetail={setDetail}
                left={{ tabId: leftTab, schema: leftSchema ?? '', table: current.comparison.table.left, title: leftTitle, readOnly: tabOf(leftTab)?.readOnly ?? true }}
                right={{ tabId: rightTab, schema: rightSchema ?? '', table: current.comparison.table.right, title: rightTitle, readOnly: tabOf(rightTab)?.readOnly ?? true }}
              />
            )}
          </div>
        </div>
      )}
    </section>
  )
}

function TableRow({ entry, current, onSelect }: { readonly entry: TableEntry; readonly current: boolean; readonly onSelect: () => void }) {
  const rows = entry.comparison?.rows
  const countsApart = rows !== undefined && countsDiffer(rows)
  return (
    <tr className={`compare-table-row is-${entry.status}${current ? ' is-current' : ''}`} aria-selected={current}>
      <td>
        <button type="button" className="compare-table-button" onClick={onSelect} aria-current={current} aria-label={`${entry.className}, ${STATUS_LABELS[entry.status]}`}>
          <span className={`status-dot is-${entry.status}`} aria-hidden />
          <span className="compare-table-name">{entry.className}</span>
          {entry.status === 'same' ? null : <span className={`status-badge is-${entry.status}`}>{STATUS_LABELS[entry.status]}</span>}
        </button>
      </td>
      <td className={`num${countsApart ? ' is-count-apart' : ''}`}>{rows === undefined ? '—' : countText(rows.left)}</td>
      <td className={`num${countsApart ? ' is-count-apart' : ''}`}>{rows === undefined ? '—' : countText(rows.right)}</td>
    </tr>
  )
}

function Legend() {
  return (
    <ul className="compare-legend" aria-label="Legend">
      <li>
        <span className="status-dot is-onlyLeft" aria-hidden /> only on the left
      </li>
      <li>
        <span className="status-dot is-onlyRight" aria-hidden /> only on the right
      </li>
      <li>
        <span className="status-dot is-differs" aria-hidden /> on both, changed
      </li>
      <li>
        <span className="status-dot is-same" aria-hidden /> same
      </li>
    </ul>
  )
}

interface TableDetailProps {
  readonly comparison: TableComparison
  readonly detail: DetailTab
  readonly onDetail: (tab: DetailTab) => void
  readonly left: ComparedSide
  readonly right: ComparedSide
}

const DETAIL_TABS: readonly { readonly id: DetailTab; readonly label: string }[] = [
  { id: 'differences', label: 'Differences' },
  { id: 'definition', label: 'Definition' },
  { id: 'data', label: 'Data' },
  { id: 'aligned', label: 'Side by side' },
]

function TableDetail({ comparison, detail, onDetail, left, right }: TableDetailProps) {
  const { differences } = comparison
  return (
    <div className="compare-table-detail">
      <div className="compare-detail-head">
        <h3>{comparison.className}</h3>
        <span className="muted">
          <code>{comparison.table.left}</code> · {countText(comparison.rows.left)} rows left, {countText(comparison.rows.right)} rows right
        </span>
      </div>
      <div className="compare-detail-tabs" role="tablist" aria-label="What to compare">
        {DETAIL_TABS.map((tab) => (
          <button key={tab.id} type="button" role="tab" aria-selected={detail === tab.id} className={detail === tab.id ? 'is-current' : ''} onClick={() => onDetail(tab.id)}>
            {tab.label}
            {tab.id === 'differences' ? <span className="count-pill">{differences.length}</span> : null}
          </button>
        ))}
      </div>
      <div className="compare-detail-body" role="tabpanel" aria-label={DETAIL_TABS.find((t) => t.id === detail)?.label}>
        {detail === 'differences' ? (
          differences.length === 0 ? (
            <p className="compare-empty muted">Both sides declare {comparison.className} alike.</p>
          ) : (
            <table className="schema-differences" aria-label="Schema differences">
              <thead>
                <tr>
                  <th scope="col">What differs</th>
                  <th scope="col">
                    Left <span className="muted">{left.title}</span>
                  </th>
                  <th scope="col">
                    Right <span className="muted">{right.title}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {differences.map((d, i) => (
                  <tr key={i}>
                    <th scope="row">{differenceLabel(d)}</th>
                    <td className={d.left === null ? 'is-absent' : 'is-left'}>{d.left ?? 'absent'}</td>
                    <td className={d.right === null ? 'is-absent' : 'is-right'}>{d.right ?? 'absent'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : detail === 'definition' ? (
          <DefinitionDiff left={comparison.describe.left} right={comparison.describe.right} leftLabel={`${left.title} · ${left.schema}`} rightLabel={`${right.title} · ${right.schema}`} />
        ) : detail === 'data' ? (
          <DataCompare left={left} right={right} />
        ) : (
          <AlignedView left={left} right={right} />
        )}
      </div>
    </div>
  )
}

