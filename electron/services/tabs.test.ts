// The tab registry without a server: tabs of one saved profile are told apart, and what a connection holds besides
// its Instance (an SSH tunnel) is released when the connection fails or the tab closes.
import { describe, expect, it } from 'vitest'
import { DataJointError } from '../../src/errors/datajoint-error'
import { createMemoryLogger } from '../../src/instance/logger'
import { TabRegistry, type TabTarget } from './tabs'

function unreachable(profileId: string | null, released: string[]): TabTarget {
  return {
    title: 'Lab',
    color: '#123abc',
    backend: 'postgresql',
    readOnly: false,
    isDemo: false,
    profileId,
    viaSsh: false,
    connectOptions: async () => ({
      host: '127.0.0.1',
      // Nothing listens on the discard port: the connection fails at once.
      port: 9,
      user: 'nobody',
      password: '',
      useTls: false,
      release: async () => {
        released.push('tunnel')
      },
    }),
  }
}

describe('tab registry', () => {
  it('numbers the second and later tabs of one profile, reusing a closed tab’s number', async () => {
    const tabs = new TabRegistry({ emit: () => undefined, logger: createMemoryLogger(), heartbeatMs: 0 })
    const released: string[] = []
    const first = await tabs.open(unreachable('p-1', released))
    const second = await tabs.open(unreachable('p-1', released))
    const other = await tabs.open(unreachable('p-2', released))
    expect([first.title, second.title, other.title]).toEqual(['Lab', 'Lab (2)', 'Lab'])
    await tabs.close(first.tabId)
    expect((await tabs.open(unreachable('p-1', released))).title).toBe('Lab')
    expect((await tabs.open(unreachable('p-1', released))).title).toBe('Lab (3)')
    // Every failed connection released its tunnel.
    expect(released).toHaveLength(5)
    await tabs.closeAll()
  })

  it('a target that fails before connecting leaves the tab in error with that error', async () => {
    const tabs = new TabRegistry({ emit: () => undefined, logger: createMemoryLogger(), heartbeatMs: 0 })
    const tab = await tabs.open({
      ...unreachable('p-1', []),
      connectOptions: async () => {
        throw new DataJointError('HOST_KEY_CHANGED', 'The SSH host key changed.')
      },
    })
    expect(tab.state).toBe('error')
    expect(tab.error?.code).toBe('HOST_KEY_CHANGED')
    await tabs.closeAll()
  })
})
