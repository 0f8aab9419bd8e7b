export { Browser, type BrowserProps, type QueriesSlot } from './components/browser'
export { TableData, type TableDataProps } from './components/table-data'
export { tableDetailQuery, tablesQuery, schemasQuery, countQuery, type TableDetail } from './queries'
