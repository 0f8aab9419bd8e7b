// The channel and event names the sandboxed preload lets a page use: the only module it imports besides `electron`.
// Importing the contract itself would bundle zod and every schema into each window's preload, so the names are
// written out here. They cannot drift from the contract: the only import is a type import (erased from the bundle),
// and `satisfies` fails the type check when a name is missing here or is not in the contract. channels.test.ts
// compares the lists at run time too.

import type { Channel, EventName } from './contract'

const INVOKABLE = {
  'app.info': true,
  'connections.list': true,
  'connections.save': true,
  'connections.delete': true,
  'connections.test': true,
  'connections.trustHostKey': true,
  'connections.import': true,
  'tabs.open': true,
  'tabs.close': true,
  'tabs.list': true,
  'tabs.reconnect': true,
  'schema.list': true,
  'schema.tables': true,
  'table.detail': true,
  'table.rowCounts': true,
  'query.fetch': true,
  'query.count': true,
  'query.cancel': true,
  'query.explain': true,
  'export.start': true,
  'export.cancel': true,
  'query.code': true,
  'query.fromPython': true,
  'cell.value': true,
  'table.insert': true,
  'entry.insert': true,
  'entry.parentPage': true,
  'entry.update': true,
  'entry.delete': true,
  'entry.commit': true,
  'entry.changesCode': true,
  'schema.create': true,
  'table.previewDdl': true,
  'table.declare': true,
  'table.dropPreview': true,
  'table.drop': true,
  'schema.dropPreview': true,
  'schema.drop': true,
  'diagram.graph': true,
  'diagram.layout': true,
  'diagram.mermaid': true,
  'diagram.cascade': true,
  'query.check': true,
  'savedQueries.list': true,
  'savedQueries.save': true,
  'savedQueries.delete': true,
  'queryHistory.list': true,
  'queryHistory.add': true,
  'session.uiState': true,
  'session.saveUiState': true,
  'demo.reset': true,
  'table.references': true,
  'compare.schemas': true,
  'compare.rows': true,
  'compare.cancel': true,
  'compare.rowsPage': true,
  'compare.export': true,
  'compare.aligned': true,
  'compare.copy': true,
} as const satisfies { readonly [C in Channel]: true }

const SUBSCRIBABLE = { 'tab.state': true, 'query.progress': true, 'compare.progress': true, 'export.progress': true } as const satisfies {
  readonly [E in EventName]: true
}

export const PRELOAD_CHANNELS = Object.keys(INVOKABLE) as readonly Channel[]
export const PRELOAD_EVENTS = Object.keys(SUBSCRIBABLE) as readonly EventName[]
