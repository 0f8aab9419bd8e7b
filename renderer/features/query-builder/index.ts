export { QueryWorkspace, type QueryWorkspaceProps } from './components/query-workspace'
export { useQueryTabs, type QueryTab, type QueryTabs } from './hooks/use-query-tabs'
export type { BuilderQuery, Operand } from './model'
