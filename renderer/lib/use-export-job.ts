import { useCallback, useEffect, useRef, useState } from 'react'
import type { Output } from '../../electron/ipc/contract'
import { downloadFrom } from './download'
import { exportProgressed, exportStarted, type ExportFormat, type ExportProgress, type ExportState } from './export-progress'
import { invoke, on } from './ipc'

/** How an export is asked of the main process: `export.start`, `compare.export`. */
export type ExportStarter = () => Promise<Output<'export.start'>>

/**
 * One export at a time, written by the main process (a view's rows, a comparison's differences): it asks where to
 * save (Electron) or answers a URL that streams a download (browser mode, fetched here); the state follows
 * `export.progress`, and `cancel` stops it.
 */
export function useExportJob() {
  const [state, setState] = useState<ExportState>({ status: 'idle' })
  // Events that arrived before the start answered, by export id (the latest one of each); kept only meanwhile.
  const early = useRef<Map<string, ExportProgress> | null>(null)

  useEffect(
    () =>
      on('export.progress', (event) => {
        early.current?.set(event.exportId, event)
        setState((current) => exportProgressed(current, event))
      }),
    [],
  )

  const start = useCallback(async (format: ExportFormat, total: number | null, begin: ExportStarter) => {
    setState({ status: 'starting', format })
    const seen = new Map<string, ExportProgress>()
    early.current = seen
    try {
      const started = await begin()
      if (started.downloadUrl !== null && started.fileName !== null) downloadFrom(started.downloadUrl, started.fileName)
      const event = started.exportId === null ? undefined : seen.get(started.exportId)
      const running = exportStarted(format, started, total)
      setState(event === undefined ? running : exportProgressed(running, event))
    } catch (error) {
      setState({ status: 'error', format, error })
    } finally {
      if (early.current === seen) early.current = null
    }
  }, [])

  const cancel = useCallback(() => {
    if (state.status !== 'running') return
    invoke('export.cancel', { exportId: state.exportId }).catch(() => undefined)
  }, [state])

  const dismiss = useCallback(() => setState({ status: 'idle' }), [])

  return { state, start, cancel, dismiss }
}
