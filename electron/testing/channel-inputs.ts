// Test-only: one valid input per channel, for tests that call every channel (a channel missing here does not compile).

import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Channel, Input } from '../ipc/contract'

const table = { kind: 'table', schema: 'lab', table: 'subject' } as const
const draft = { name: 'Lab', backend: 'mysql', host: 'db.example.org', port: 3306, user: 'alice', database: 'postgres', ssh: null, tls: 'auto', readOnly: false, color: '#123abc' } as const

export const VALID: { readonly [C in Channel]: Input<C> } = {
  'app.info': {},
  'connections.list': {},
  'connections.save': { profile: draft, password: 'pw' },
  'connections.delete': { profileId: 'p-1' },
  'connections.test': { profile: draft },
  'connections.import': { path: join(tmpdir(), 'pipeline', 'datajoint.json') },
  'connections.trustHostKey': { host: 'gate.example.org', port: 22, keyType: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` },
  'tabs.open': { profileId: 'p-1' },
  'tabs.close': { tabId: 't-1' },
  'tabs.list': {},
  'tabs.reconnect': { tabId: 't-1' },
  'schema.list': { tabId: 't-1' },
  'schema.tables': { tabId: 't-1', schema: 'lab' },
  'table.detail': { tabId: 't-1', schema: 'lab', table: 'subject' },
  'table.rowCounts': { tabId: 't-1', schema: 'lab', tables: ['subject'], estimate: true },
  'query.fetch': { tabId: 't-1', requestId: 'r-1', expr: table, orderBy: [], limit: 50, offset: 0 },
  'query.count': { tabId: 't-1', requestId: 'r-1', expr: table, estimate: true },
  'query.cancel': { tabId: 't-1', requestId: 'r-1' },
  'query.explain': { tabId: 't-1', expr: table },
  'export.start': { tabId: 't-1', expr: table, orderBy: [], format: 'csv', columns: null, name: 'subject', total: null },
  'export.cancel': { exportId: 'x-1' },
  'query.code': { tabId: 't-1', expr: table, language: 'python' },
  'query.fromPython': { tabId: 't-1', code: "lab = dj.VirtualModule('lab', 'lab')\nquery = lab.Subject & 'sex = \"F\"'", schema: null },
  'cell.value': { tabId: 't-1', schema: 'lab', table: 'subject', key: { subject_id: 1 }, attribute: 'notes' },
  'table.insert': { tabId: 't-1', schema: 'lab', table: 'subject', rows: [{ subject_id: 1 }] },
  'entry.insert': { tabId: 't-1', schema: 'lab', table: 'session', rows: [{ subject_id: 1, session_idx: 1 }], parts: [{ table: 'session__trial', rows: [{ trial_idx: 1 }] }] },
  'entry.parentPage': { tabId: 't-1', schema: 'lab', table: 'subject', search: '', after: null, limit: 50 },
  'entry.update': { tabId: 't-1', schema: 'lab', table: 'subject', row: { subject_id: 1, notes: 'x' } },
  'entry.delete': { tabId: 't-1', expr: { kind: 'table', schema: 'lab', table: 'subject' }, partIntegrity: 'enforce', expectedTotal: 3 },
  'diagram.graph': { tabId: 't-1', view: { schemas: ['lab'], tables: [], steps: [{ op: 'children', table: { schema: 'lab', table: 'subject' } }], collapsed: [] } },
  'diagram.mermaid': { tabId: 't-1', view: { schemas: ['lab'], tables: [], steps: [], collapsed: [] }, direction: 'LR' },
  'diagram.cascade': { tabId: 't-1', expr: table, partIntegrity: 'enforce' },
  'session.uiState': {},
  'session.saveUiState': { entries: { 'tab:demo:browser': { selected: { schema: 'lab', table: 'subject' } }, 'tab:demo:old': null } },
  'demo.reset': {},
  'table.references': { tabId: 't-1', expr: table },
  'query.check': { tabId: 't-1', steps: [{ expr: table, operands: null }] },
  'savedQueries.list': { tabId: 't-1' },
  'savedQueries.save': { tabId: 't-1', name: 'Subjects', tree: table, draft: '{}' },
  'savedQueries.delete': { tabId: 't-1', id: 'q-1' },
  'queryHistory.list': { tabId: 't-1' },
  'queryHistory.add': { tabId: 't-1', tree: table, draft: '{}', title: 'Subjects' },
}
