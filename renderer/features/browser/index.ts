export { Browser, type BrowserProps, type BrowserRequest, type BrowserTarget, type QueriesSlot } from './components/browser'
export { TierBadge } from './components/tier-badge'
export { TableData, type TableDataProps } from './components/table-data'
export { tableDetailQuery, tablesQuery, schemasQuery, countQuery, type TableDetail } from './queries'
