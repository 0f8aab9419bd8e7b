import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'
import './app/styles/base.css'
import './app/styles/shell.css'
import './app/styles/controls.css'
import './components/data-grid/data-grid.css'
import './components/context-menu.css'
import './components/export-status.css'
import './components/code-editor.css'
import './features/browser/browser.css'
import './features/connections/connections.css'
import '@xyflow/react/dist/style.css'
import './features/diagram/diagram.css'
import './features/query-builder/query-builder.css'
import './features/data-entry/data-entry.css'
import './features/declare/declare.css'
import './features/command-palette/command-palette.css'
import './features/compare/compare.css'

const container = document.getElementById('root')
if (container === null) throw new Error('renderer/index.html has no #root element')
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
