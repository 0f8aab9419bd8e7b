export { DataEntryActions, type DataEntryActionsProps } from './components/data-entry-actions'
export { EntryForm, type EntryFormProps } from './components/entry-form'
export { PendingChangesPanel, type PendingChangesPanelProps } from './components/pending-changes-panel'
export { usePendingChanges } from './pending-store'
