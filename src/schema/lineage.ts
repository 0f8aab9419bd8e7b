// The rows of a schema's `~lineage` table (where each attribute comes from, as DataJoint Python's `lineage.py`
// keeps them) that belong to one table.

import { LINEAGE_TABLE } from '../declare/tier'
import type { DeleteNode } from '../sql/nodes'

/** Deletes a table's rows of its schema's `~lineage` table (before they are rewritten, or once it is dropped). */
export function lineageRowsDelete(schema: string, table: string): DeleteNode {
  return {
    kind: 'delete',
    table: { schema, table: LINEAGE_TABLE },
    where: { kind: 'compare', op: '=', left: { kind: 'column', table: null, name: 'table_name' }, right: { kind: 'param', value: table } },
  }
}
