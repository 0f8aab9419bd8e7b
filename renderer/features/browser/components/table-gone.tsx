// What the pane shows when its table was dropped while open (by another session or client): the fact, in words,
// and a refresh that shows the schema as it is now. Not the server's raw MISSING_TABLE error.

import { useQueryClient } from '@tanstack/react-query'
import { Button } from '../../../components/button'
import { RefreshIcon, WarningIcon } from '../../../components/icons'
import { toErrorInfo } from '../../../lib/error-text'
import { refreshSchemas } from '../queries'

export function isTableGone(error: unknown): boolean {
  return toErrorInfo(error).code === 'MISSING_TABLE'
}

export interface TableGoneProps {
  readonly tabId: string
  readonly schema: string
  readonly table: string
  /** The class name the table was shown under (null when only its SQL name is known). */
  readonly className: string | null
}

export function TableGone({ tabId, schema, table, className }: TableGoneProps) {
  const client = useQueryClient()
  return (
    <div className="table-gone" role="alert" aria-label="Table dropped">
      <WarningIcon size={20} />
      <div>
        <p className="table-gone-title">
          {className === null ? 'This table' : <strong>{className}</strong>} no longer exists.
        </p>
        <p className="muted">
          <code>
            {schema}.{table}
          </code>{' '}
          was dropped while it was open here, by another session or client. Refresh to see the schema as it is now.
        </p>
      </div>
      <Button icon={<RefreshIcon />} onClick={() => refreshSchemas(client, tabId, { schema, table })}>
        Refresh schemas
      </Button>
    </div>
  )
}
