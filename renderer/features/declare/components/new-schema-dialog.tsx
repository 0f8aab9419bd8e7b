import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { Spinner } from '../../../components/spinner'
import { invoke } from '../../../lib/ipc'
import { refreshCatalog } from '../queries'
import { ReadOnlyNotice } from './read-only-notice'

export interface NewSchemaDialogProps {
  readonly tabId: string
  /** A read-only tab: the dialog says up front that creating will be refused. */
  readonly readOnly: boolean
  readonly onCreated: (schema: string) => void
  readonly onClose: () => void
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** DataJoint's `dj.Schema(name)`: an empty schema on the tab's server. */
export function NewSchemaDialog({ tabId, readOnly, onCreated, onClose }: NewSchemaDialogProps) {
  const client = useQueryClient()
  const id = useId()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const valid = SCHEMA_NAME.test(name) && name.length <= 64

  const create = async () => {
    setBusy(true)
    setError(null)
    try {
      await invoke('schema.create', { tabId, schema: name })
      refreshCatalog(client, tabId)
      onCreated(name)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title="New schema"
      width="sm"
      onClose={onClose}
      footer={
        <>
          <span className="spacer" />
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!valid || busy} onClick={() => void create()}>
            {busy ? <Spinner size={12} /> : null}
            Create schema
          </Button>
        </>
      }
    >
      <div className="declare-body">
        {readOnly ? <ReadOnlyNotice what="creating a schema" /> : null}
        <form
          aria-label="New schema"
          onSubmit={(event) => {
            event.preventDefault()
            if (valid) void create()
          }}
        >
          <div className={`field${name !== '' && !valid ? ' has-error' : ''}`}>
            <label className="field-label" htmlFor={`${id}-name`}>
              Schema name
            </label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoComplete="off" autoFocus placeholder="tutorial" />
            {name !== '' && !valid ? <span className="field-error">Letters, digits and underscores, not starting with a digit (at most 64).</span> : null}
          </div>
        </form>
        {error === null ? null : <ErrorCallout error={error} />}
      </div>
    </Dialog>
  )
}
