import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

function App() {
  return (
    <main>
      <h1>Joinery</h1>
      <p>A desktop browser for DataJoint lab databases.</p>
    </main>
  )
}

const container = document.getElementById('root')
if (container === null) throw new Error('renderer/index.html has no #root element')
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
