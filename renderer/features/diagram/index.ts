export { DiagramView, type DiagramViewProps, type TableRef } from './components/diagram-view'
export { CascadePreview, type CascadePreviewProps } from './components/cascade-preview'
export { keysRestriction } from './key-restriction'
export { prewarmDiagramLayout } from './hooks/use-diagram-layout'
