export { Browser, type BrowserProps, type BrowserRequest, type BrowserTarget } from './components/browser'
export { TierBadge } from './components/tier-badge'
export { schemasQuery, tablesQuery } from './queries'
