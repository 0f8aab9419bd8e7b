export { NewSchemaDialog, type NewSchemaDialogProps } from './components/new-schema-dialog'
export { NewTableDialog, type NewTableDialogProps } from './components/new-table-dialog'
export { DropDialog, type DropDialogProps, type DropTarget } from './components/drop-dialog'
