// TanStack Query options and hooks of the Compare view: the schema diff, a data compare as a cancellable job that
// reports progress, pages of its differences, both sides aligned by key (a page after the place the previous page
// ended on each side), and the copy to the other side.

import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Input, Output } from '../../../electron/ipc/contract'
import { invoke, on } from '../../lib/ipc'
import { hashOf } from '../../lib/query-keys'
import { newRequestId } from '../../lib/request-id'
import type { DifferenceKind } from './compare-model'

export interface SchemaSide {
  readonly tabId: string
  readonly schema: string
}

export interface TableSide extends SchemaSide {
  readonly table: string
}

export type RowsSummary = Output<'compare.rows'>
/** Where a side-by-side page starts (null: the first page). */
export type AlignedCursor = Output<'compare.aligned'>['next'] | null
export type CopyInput = Input<'compare.copy'>
export type CopyReport = Output<'compare.copy'>

export const compareKeys = {
  all: () => ['compare'] as const,
  schemas: (left: SchemaSide, right: SchemaSide) => ['compare', 'schemas', hashOf([left, right])] as const,
  rowsPage: (jobId: string, kind: DifferenceKind, offset: number, limit: number) => ['compare', 'rowsPage', jobId, kind, offset, limit] as const,
  aligned: (left: TableSide, right: TableSide, restriction: string, after: AlignedCursor, limit: number) =>
    ['compare', 'aligned', hashOf([left, right, restriction]), after, limit] as const,
}

export function schemaDiffQuery(left: SchemaSide, right: SchemaSide) {
  return queryOptions({
    queryKey: compareKeys.schemas(left, right),
    queryFn: () => invoke('compare.schemas', { left, right }),
    // Definitions and counts change on the servers: asked afresh each time the view shows them.
    staleTime: 0,
  })
}

export function rowsPageQuery(jobId: string, kind: DifferenceKind, offset: number, limit: number) {
  return queryOptions({
    queryKey: compareKeys.rowsPage(jobId, kind, offset, limit),
    queryFn: () => invoke('compare.rowsPage', { jobId, kind, offset, limit }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  })
}

export function alignedQuery(left: TableSide, right: TableSide, restriction: string, after: AlignedCursor, limit: number) {
  return queryOptions({
    queryKey: compareKeys.aligned(left, right, restriction, after, limit),
    queryFn: () => invoke('compare.aligned', { left, right, restriction, after, limit }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })
}

export type DataCompareState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly jobId: string; readonly segmentsDone: number; readonly segmentsTotal: number }
  | { readonly status: 'done'; readonly jobId: string; readonly summary: RowsSummary; readonly restriction: string }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'cancelled' }

/** Runs data compares of one table pair, one at a time: progress from `compare.progress`, `cancel()` stops it on both servers. */
export function useDataCompare(left: TableSide, right: TableSide) {
  const [state, setState] = useState<DataCompareState>({ status: 'idle' })
  const current = useRef<string | null>(null)
  const sides = hashOf([left, right])

  // Another table pair: what was shown belongs to the previous one.
  useEffect(() => {
    setState({ status: 'idle' })
    return () => {
      if (current.current !== null) void invoke('compare.cancel', { jobId: current.current }).catch(() => undefined)
      current.current = null
    }
  }, [sides])

  const run = useCallback(
    (restriction: string) => {
      const jobId = newRequestId()
      current.current = jobId
      setState({ status: 'running', jobId, segmentsDone: 0, segmentsTotal: 0 })
      const stop = on('compare.progress', (progress) => {
        if (progress.jobId !== jobId || current.current !== jobId) return
        setState({ status: 'running', jobId, segmentsDone: progress.segmentsDone, segmentsTotal: progress.segmentsTotal })
      })
      invoke('compare.rows', { jobId, left, right, restriction })
        .then((summary) => {
          if (current.current === jobId) setState({ status: 'done', jobId, summary, restriction })
        })
        .catch((error: unknown) => {
          if (current.current !== jobId) return
          const code = (error as { code?: string }).code
          setState(code === 'CANCELLED' ? { status: 'cancelled' } : { status: 'error', error })
        })
        .finally(() => {
          stop()
          if (current.current === jobId) current.current = null
        })
    },
    // `sides` stands for left and right by value (the objects are new at each render).
    [sides],
  )

  const cancel = useCallback(() => {
    if (current.current !== null) void invoke('compare.cancel', { jobId: current.current })
  }, [])

  return { state, run, cancel }
}

/** Copies rows to the other side (or previews it); a real copy refreshes every comparison shown. */
export function useCopyRows() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: CopyInput) => invoke('compare.copy', input),
    onSuccess: (report) => {
      if (!report.preview) void client.invalidateQueries({ queryKey: compareKeys.all() })
    },
  })
}
