import { afterAll, describe, expect, it } from 'vitest'
import type { ElkGraphInput } from '../ipc/contract'
import { DiagramLayoutService } from './diagram-layout'

const chain = (count: number): ElkGraphInput => ({
  id: 'root',
  layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'org.eclipse.elk.json.shapeCoords': 'ROOT', 'org.eclipse.elk.json.edgeCoords': 'ROOT' },
  children: Array.from({ length: count }, (_, i) => ({ id: `n${i}`, width: 50, height: 20 })),
  edges: Array.from({ length: count - 1 }, (_, i) => ({ id: `e${i}`, sources: [`n${i}`], targets: [`n${i + 1}`] })),
})

// A worker's first layout loads ELK (1.4 MB of JavaScript): seconds on a busy machine.
describe('the diagram layout service (ELK in a worker thread)', { timeout: 60_000 }, () => {
  // Cold: the warm-up would keep the worker busy with layouts these tests do not look at.
  const service = new DiagramLayoutService({ warmUp: false })
  afterAll(() => service.dispose())

  it('lays out a graph in its worker, dependencies flowing one way, and answers the same graph from its cache', async () => {
    const first = await service.layout(chain(4))
    expect(first.cached).toBe(false)
    expect(first.nodes.map((n) => n.id)).toEqual(['n0', 'n1', 'n2', 'n3'])
    const x = first.nodes.map((n) => n.x)
    expect(x).toEqual([...x].sort((a, b) => a - b))
    expect(new Set(x).size).toBe(4)
    expect(first.edges).toHaveLength(3)
    for (const edge of first.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2)
    const again = await service.layout(chain(4))
    expect(again.cached).toBe(true)
    expect(again.nodes).toEqual(first.nodes)
    expect((await service.layout(chain(5))).cached).toBe(false)
  })

  it('lays out again after the cache is cleared or the worker restarted', async () => {
    service.clearCache()
    expect((await service.layout(chain(4))).cached).toBe(false)
    await service.restart(false)
    const after = await service.layout(chain(6))
    expect(after.cached).toBe(false)
    expect(after.nodes).toHaveLength(6)
    await service.restart(true)
    expect((await service.layout(chain(6))).cached).toBe(false)
  })

  it("reports ELK's error for a graph it cannot lay out, and keeps working", async () => {
    const broken = { ...chain(2), edges: [{ id: 'e', sources: ['n0'], targets: ['nowhere'] }] }
    await expect(service.layout(broken)).rejects.toThrow(/could not be laid out/)
    expect((await service.layout(chain(3))).nodes).toHaveLength(3)
  })
})
