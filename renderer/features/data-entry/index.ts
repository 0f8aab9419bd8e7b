export { DataEntryActions, type DataEntryActionsProps } from './components/data-entry-actions'
export { EntryForm, type EntryFormProps } from './components/entry-form'
