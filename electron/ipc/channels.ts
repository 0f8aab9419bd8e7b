// The allowlist of channel and event names: the only thing the sandboxed preload imports.

export const CHANNELS = [
  'app.info',
  'connections.list',
  'connections.save',
  'connections.delete',
  'connections.test',
  'connections.import',
  'tabs.open',
  'tabs.close',
  'tabs.list',
  'tabs.reconnect',
  'schema.list',
  'schema.tables',
  'table.detail',
  'table.rowCounts',
  'query.fetch',
  'query.count',
  'query.cancel',
  'query.explain',
  'query.exportBatch',
  'cell.value',
  'table.insert',
  'demo.reset',
] as const

export const EVENTS = ['tab.state', 'query.progress'] as const
