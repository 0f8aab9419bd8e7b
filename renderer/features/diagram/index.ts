export { DiagramView, type DiagramViewProps, type TableRef } from './components/diagram-view'
export { CascadePreview, type CascadePreviewProps } from './components/cascade-preview'
export { keyLiteral, keysRestriction } from './key-restriction'
export { prewarmDiagramLayout } from './hooks/use-diagram-layout'
