import { useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { WireAttribute } from '../../../../electron/ipc/contract'
import type { QueryExpr } from '../../../../src/algebra/ast'
import { Button, IconButton } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { ChevronDownIcon, ChevronRightIcon, CloseIcon, CopyIcon, KeyIcon, PlusIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { countQuery } from '../../browser'
import {
  canSwap,
  moveStep,
  newStep,
  operandLabel,
  operandTree,
  removeStep,
  renameInOperand,
  replaceStep,
  STEP_LABELS,
  stepTrees,
  StepError,
  type BuilderQuery,
  type Operand,
  type Step,
  type StepKind,
  type StepTree,
} from '../model'
import { checkQuery, type CheckRequest, type StepCheck } from '../queries'
import { OperandPicker, StepEditor, type CodeLanguage, type EditorScope } from './step-editors'

/** What the list knows of each step once the main process has checked it. */
export interface StepState {
  readonly tree: StepTree
  readonly check: StepCheck | undefined
  /** The other operand's own check (its heading feeds the aggregates' and conditions' choices). */
  readonly operandCheck: StepCheck | undefined
}

/** The start's and every step's tree, checked in the main process (one request for the whole list). */
export function useCheckedSteps(tabId: string, query: BuilderQuery) {
  const trees = useMemo(() => stepTrees(query), [query])
  const start = useMemo((): { expr: QueryExpr | null; error: StepError | null } => {
    try {
      return { expr: operandTree(query.start), error: null }
    } catch (error) {
      return { expr: null, error: error instanceof StepError ? error : new StepError(String(error)) }
    }
  }, [query.start])
  const requests = useMemo(() => {
    const list: CheckRequest[] = []
    if (start.expr !== null) list.push({ expr: start.expr, operands: null })
    for (const tree of trees) {
      if (tree.expr === null) continue
      list.push({ expr: tree.expr, operands: tree.operands })
      if (tree.operands !== null) list.push({ expr: tree.operands.right, operands: null })
    }
    return list
  }, [start, trees])
  // Each tree is checked once: a change sends only the trees not answered yet (adding a step to a long query sends
  // one tree, not every step's again), and while they are checked the others keep their answers — without them
  // every step's input heading would be empty meanwhile, and with it the attribute pickers and the completion of a
  // condition being typed.
  const requestKeys = useMemo(() => requests.map((request) => JSON.stringify(request)), [requests])
  const [answered, setAnswered] = useState<ReadonlyMap<string, StepCheck>>(() => new Map())
  const missing = useMemo(() => {
    const unique = new Map<string, CheckRequest>()
    requestKeys.forEach((key, i) => {
      if (!answered.has(key)) unique.set(key, requests[i] as CheckRequest)
    })
    return { keys: [...unique.keys()], requests: [...unique.values()] }
  }, [requests, requestKeys, answered])
  const check = useQuery({ ...checkQuery(tabId, missing.keys, missing.requests), enabled: missing.requests.length > 0 })
  useEffect(() => {
    if (check.data === undefined || check.isPlaceholderData) return
    const found = check.data
    setAnswered((before) => {
      // Kept: the answers of the trees the query has now (an undone edit finds its trees still answered).
      const current = new Set(requestKeys)
      const next = new Map([...before].filter(([key]) => current.has(key)))
      missing.keys.forEach((key, i) => {
        const answer = found[i]
        if (answer !== undefined) next.set(key, answer)
      })
      return next
    })
  }, [check.data, check.isPlaceholderData, missing.keys, requestKeys])
  const answers = requestKeys.map((key) => answered.get(key))
  let next = 0
  const startCheck = start.expr === null ? undefined : answers[next++]
  const steps: StepState[] = trees.map((tree) => {
    if (tree.expr === null) return { tree, check: undefined, operandCheck: undefined }
    const own = answers[next++]
    return { tree, check: own, operandCheck: tree.operands === null ? undefined : answers[next++] }
  })
  return { start, startCheck, steps, checking: check.isFetching, checkError: check.error }
}

export interface StepListProps {
  readonly scope: EditorScope
  readonly query: BuilderQuery
  readonly onChange: (query: BuilderQuery) => void
  readonly depth: number
  /** The step whose rows the inspector shows (top level only): 'start' or a step id. */
  readonly selected?: string
  readonly onSelect?: (id: string) => void
}

const ADDABLE: readonly StepKind[] = ['restrict', 'semijoin', 'join', 'proj', 'aggr', 'union', 'distinct', 'groupBy', 'top']

/** A query's start and steps, each with its editor, heading, count and problems. */
export function StepList({ scope, query, onChange, depth, selected, onSelect }: StepListProps) {
  const checked = useCheckedSteps(scope.tabId, query)
  const renderNested = (nested: BuilderQuery, change: (q: BuilderQuery) => void, nestedDepth: number) => (
    <StepList scope={scope} query={nested} onChange={change} depth={nestedDepth} />
  )
  const headingBefore = (index: number): readonly WireAttribute[] => {
    for (let i = index - 1; i >= 0; i -= 1) {
      const c = checked.steps[i]?.check
      if (c !== undefined) return c.attributes
    }
    return checked.startCheck?.attributes ?? []
  }
  const defaultOperand: Operand = { kind: 'table', schema: scope.defaultSchema, table: '' }
  const top = depth === 0
  return (
    <ol className={`qb-steps${top ? '' : ' is-nested'}`} aria-label={top ? 'Query steps' : 'Nested query steps'}>
      <li className={`qb-step qb-start${selected === 'start' ? ' is-selected' : ''}`} aria-label="Start">
        <div className="qb-step-head">
          <span className="qb-step-no">0</span>
          <button type="button" className="qb-step-title" onClick={() => onSelect?.('start')}>
            Start from {operandLabel(query.start)}
          </button>
        </div>
        <OperandPicker
          scope={scope}
          label="Start from"
          operand={query.start}
          onChange={(start) => onChange({ ...query, start })}
          depth={depth}
          renderNested={renderNested}
        />
        <StepStatus tabId={scope.tabId} expr={checked.start.expr} check={checked.startCheck} treeError={checked.start.error} />
      </li>
      {query.steps.map((step, index) => {
        const state = checked.steps[index]
        return (
          <StepCard
            key={step.id}
            scope={scope}
            step={step}
            index={index}
            state={state}
            input={headingBefore(index)}
            depth={depth}
            expanded={!top || selected === step.id}
            selected={selected === step.id}
            canUp={index > 0 && canSwap(step, query.steps[index - 1] as Step)}
            canDown={index + 1 < query.steps.length && canSwap(step, query.steps[index + 1] as Step)}
            onSelect={() => onSelect?.(step.id)}
            onChange={(next) => onChange(replaceStep(query, step.id, () => next))}
            onMove={(direction) => onChange(moveStep(query, step.id, direction))}
            onRemove={() => onChange(removeStep(query, step.id))}
            renderNested={renderNested}
          />
        )
      })}
      <li className="qb-add" aria-label={top ? 'Add a step' : 'Add a nested step'}>
        {ADDABLE.map((kind) => (
          <Button
            key={kind}
            size="sm"
            variant="ghost"
            icon={<PlusIcon />}
            aria-label={`${top ? 'Add' : 'Add nested'} ${STEP_LABELS[kind]}`}
            onClick={() => {
              const step = newStep(kind, defaultOperand)
              onChange({ ...query, steps: [...query.steps, step] })
              onSelect?.(step.id)
            }}
          >
            {STEP_LABELS[kind]}
          </Button>
        ))}
      </li>
    </ol>
  )
}

interface StepCardProps {
  readonly scope: EditorScope
  readonly step: Step
  readonly index: number
  readonly state: StepState | undefined
  readonly input: readonly WireAttribute[]
  readonly depth: number
  readonly expanded: boolean
  readonly selected: boolean
  readonly canUp: boolean
  readonly canDown: boolean
  readonly onSelect: () => void
  readonly onChange: (step: Step) => void
  readonly onMove: (direction: -1 | 1) => void
  readonly onRemove: () => void
  readonly renderNested: (query: BuilderQuery, onChange: (query: BuilderQuery) => void, depth: number) => React.ReactNode
}

function StepCard(props: StepCardProps) {
  const { scope, step, index, state, input, depth, expanded, selected, onSelect, onChange } = props
  const label = STEP_LABELS[step.body.kind]
  const n = index + 1
  return (
    <li className={`qb-step${selected ? ' is-selected' : ''}${step.enabled ? '' : ' is-disabled'}`} aria-label={`Step ${n}: ${label}`}>
      <div className="qb-step-head">
        <span className="qb-step-no">{n}</span>
        <button type="button" className="qb-step-title" onClick={onSelect} aria-expanded={expanded}>
          {expanded ? <ChevronDownIcon size={12} /> : <ChevronRightIcon size={12} />} {label} <span className="muted">{stepSummary(step)}</span>
        </button>
        <span className="spacer" />
        <label className="qb-check" title="A disabled step passes its input through">
          <input type="checkbox" checked={step.enabled} onChange={(e) => onChange({ ...step, enabled: e.target.checked })} aria-label={`Step ${n} enabled`} />
        </label>
        <IconButton label={`Move step ${n} up`} disabled={!props.canUp} onClick={() => props.onMove(-1)}>
          ↑
        </IconButton>
        <IconButton label={`Move step ${n} down`} disabled={!props.canDown} onClick={() => props.onMove(1)}>
          ↓
        </IconButton>
        <IconButton label={`Remove step ${n}`} onClick={props.onRemove}>
          <CloseIcon size={12} />
        </IconButton>
      </div>
      {/* A top-level step is copied from the preview beside the list; a nested one has no preview, so from here. */}
      {depth > 0 ? <NestedCopy scope={scope} title={`nested Step ${n}`} expr={state?.tree.expr ?? null} /> : null}
      {expanded ? (
        <StepEditor
          scope={scope}
          step={step}
          onChange={onChange}
          input={input}
          operand={state?.operandCheck?.attributes ?? []}
          depth={depth}
          renderNested={props.renderNested}
        />
      ) : null}
      <LineageMatches step={step} check={state?.check} onChange={onChange} />
      <StepStatus tabId={scope.tabId} expr={state?.tree.expr ?? null} check={state?.check} treeError={state?.tree.error ?? null} />
    </li>
  )
}

function stepSummary(step: Step): string {
  const body = step.body
  switch (body.kind) {
    case 'restrict':
      return `${body.condition.items.length} ${body.condition.items.length === 1 ? 'condition' : 'conditions'}`
    case 'semijoin':
      return `${body.negated ? 'no ' : ''}match in ${operandLabel(body.operand)}`
    case 'join':
      return `${body.left ? 'left ' : ''}with ${operandLabel(body.operand)}`
    case 'aggr':
      return `over ${operandLabel(body.operand)}`
    case 'union':
      return `with ${operandLabel(body.operand)}`
    case 'distinct':
    case 'groupBy':
      return body.attributes.join(', ')
    case 'proj':
      return body.keepAll ? '…' : body.keep.join(', ')
    case 'top':
      return `${body.limit ?? 'all'} by ${body.orderBy || 'KEY'}`
  }
}

/** The step's heading (key marked), row count, and its problem: the builder's own, or DataJoint's from the check. */
function StepStatus({
  tabId,
  expr,
  check,
  treeError,
}: {
  tabId: string
  expr: QueryExpr | null
  check: StepCheck | undefined
  treeError: StepError | null
}) {
  // Counted alongside the check rather than after it (one round trip less); a tree the check refuses fails its
  // count with the same typed error, which the check's callout already shows. A long query counts only the steps
  // scrolled into view, not two hundred at once. Nested steps count the same way rather than inside the check: the
  // check runs nothing (headings and refusals stay instant), and a count cached per tree is not redone when another
  // step of the list changes, as it would be in the check's answer for the whole list.
  const [seen, seenRef] = useSeen()
  const count = useQuery({ ...countQuery(tabId, expr ?? { kind: 'universal', attributes: [] }, false), enabled: expr !== null && seen, retry: false })
  return (
    <div ref={seenRef} className="qb-status-wrap">
      {treeError !== null ? (
        <div className="qb-problem" role="alert">
          {treeError.message}
        </div>
      ) : expr === null ? null : check === undefined ? (
        <div className="qb-status muted">
          <Spinner size={10} /> Checking…
        </div>
      ) : check.error !== null ? (
        <ErrorCallout error={check.error} compact />
      ) : (
        <div className="qb-status">
          <span className="qb-count" aria-label="Row count">
            {count.data === undefined ? (count.isError ? 'count failed' : '…') : `${count.data.count.toLocaleString()} ${count.data.count === 1 ? 'row' : 'rows'}`}
          </span>
          <ul className="qb-heading" aria-label="Heading">
            {check.attributes.map((a) => (
              <li key={a.name} className={a.inKey ? 'qb-key' : undefined} title={`${a.name} : ${a.type}${a.inKey ? ' (primary key)' : ''}`}>
                {a.inKey ? <KeyIcon size={10} aria-label="key" /> : null}
                {a.name}
                <span className="qb-type">{a.type}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}

/** Copy as Python / TypeScript for a nested step: the nested query up to that step. */
function NestedCopy({ scope, title, expr }: { scope: EditorScope; title: string; expr: QueryExpr | null }) {
  const copy = (language: CodeLanguage) => {
    if (expr !== null) scope.copyAs(language, expr)
  }
  return (
    <div className="qb-copy" role="group" aria-label={`Copy ${title}`}>
      <span className="qb-label">Copy</span>
      <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={expr === null} onClick={() => copy('python')} aria-label={`Copy ${title} as Python`} title="DataJoint Python of the nested query up to this step">
        Python
      </Button>
      <Button size="sm" variant="ghost" icon={<CopyIcon />} disabled={expr === null} onClick={() => copy('typescript')} aria-label={`Copy ${title} as TypeScript`} title="The nested query up to this step, on this engine's API">
        TypeScript
      </Button>
    </div>
  )
}

/** Whether the element has been on screen once (it stays true), for work worth doing only for what is seen. */
function useSeen(): [boolean, (element: HTMLElement | null) => void] {
  const [seen, setSeen] = useState(false)
  const observer = useRef<IntersectionObserver | null>(null)
  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect()
    observer.current = null
    if (element === null) return
    const watcher = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        setSeen(true)
        watcher.disconnect()
      }
    })
    watcher.observe(element)
    observer.current = watcher
  }, [])
  return [seen, ref]
}

/** Which namesakes a join, semijoin or aggregation matches on, which DataJoint refuses and why, and the fixes. */
function LineageMatches({ step, check, onChange }: { step: Step; check: StepCheck | undefined; onChange: (step: Step) => void }) {
  const [renames, setRenames] = useState<Readonly<Record<string, string>>>({})
  const body = step.body
  if (check === undefined || check.matches.length === 0) return null
  if (body.kind !== 'join' && body.kind !== 'semijoin' && body.kind !== 'aggr') return null
  const checking = body.kind === 'aggr' || body.semanticCheck
  const refused = check.matches.filter((m) => !m.matches)
  return (
    <div className={`qb-matches${refused.length > 0 && checking ? ' has-refused' : ''}`} aria-label="Namesake attributes">
      <span className="qb-label">Matches on</span>
      {check.matches.map((m) => (
        <span key={m.name} className={`qb-match${m.matches ? ' is-ok' : ' is-refused'}`} title={`${m.leftLineage ?? 'no lineage'} ↔ ${m.rightLineage ?? 'no lineage'}`}>
          {m.matches ? '✓' : '✗'} {m.name}
        </span>
      ))}
      {checking
        ? refused.map((m) => {
            const to = renames[m.name] ?? `${m.name}_2`
            return (
              <div key={m.name} className="qb-fix" role="group" aria-label={`Fix for ${m.name}`}>
                <span>
                  <code>{m.name}</code> comes from <code>{m.leftLineage ?? 'no lineage'}</code> here and from <code>{m.rightLineage ?? 'no lineage'}</code> in the
                  operand: DataJoint refuses to match it.
                </span>
                <span className="qb-row">
                  <Button size="sm" onClick={() => onChange({ ...step, body: { ...body, operand: renameInOperand(body.operand, m.name, to) } as typeof body })}>
                    Rename in the operand to
                  </Button>
                  <input type="text" aria-label={`New name for ${m.name}`} value={to} onChange={(e) => setRenames({ ...renames, [m.name]: e.target.value })} />
                  {body.kind === 'aggr' ? null : (
                    <Button size="sm" variant="ghost" onClick={() => onChange({ ...step, body: { ...body, semanticCheck: false } })}>
                      {body.kind === 'join' ? 'Join' : 'Match'} without the semantic check
                    </Button>
                  )}
                </span>
              </div>
            )
          })
        : null}
    </div>
  )
}
