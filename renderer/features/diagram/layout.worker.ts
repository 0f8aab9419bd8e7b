// Runs ELK off the UI thread: a layout of 2,000 tables takes seconds of CPU, during which the page must stay
// responsive. One request at a time; the page ignores answers to requests it has since replaced.

import ELK from 'elkjs/lib/elk.bundled.js'
import type { ElkNode } from 'elkjs/lib/elk-api'

export interface LayoutRequest {
  readonly id: number
  readonly graph: ElkNode
}

export type LayoutResponse = { readonly id: number; readonly graph: ElkNode } | { readonly id: number; readonly error: string }

const elk = new ELK()

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, graph } = event.data
  try {
    const laidOut = await elk.layout(graph)
    self.postMessage({ id, graph: laidOut } satisfies LayoutResponse)
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies LayoutResponse)
  }
}
