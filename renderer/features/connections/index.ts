export { ConnectionDialog, type ConnectionDialogProps } from './components/connection-dialog'
export { ConnectingState, LostBanner, TabErrorState } from './components/tab-status'
export { Welcome } from './components/welcome'
export { useAutoReconnect, type ReconnectState } from './hooks/use-auto-reconnect'
export { useTabs } from './hooks/use-tabs'
export { BACKEND_LABELS, BACKEND_SHORT } from './profile-form'
export {
  appInfoQuery,
  DEMO_RESET_KEY,
  profilesQuery,
  useCloseTab,
  useOpenTab,
  useReconnectTab,
  useResetDemo,
  type AppInfo,
  type Profile,
  type Tab,
} from './queries'
export { shortVersion } from './server-version'
