import { describe, expect, test } from 'vitest'
import type { Tab } from './queries'
import { reconnectDelay, shownState } from './reconnect'

const TAB: Tab = {
  tabId: 't1',
  title: 'Lab',
  color: '#2f6fde',
  backend: 'postgresql',
  readOnly: false,
  isDemo: false,
  profileId: 'p1',
  state: 'connected',
  encrypted: false,
  viaSsh: false,
  serverVersion: '15',
  error: null,
}

describe('reconnectDelay', () => {
  test('backs off to a steady 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 15000, 30000, 30000])
  })
})

describe('shownState', () => {
  const lost = (code: string) => ({ code, message: 'x', details: {} }) as Tab['error']

  test('a first connection shows as it is', () => {
    expect(shownState({ tab: { ...TAB, state: 'connecting' }, everConnected: false, queryLost: false })).toBe('connecting')
    expect(shownState({ tab: { ...TAB, state: 'error', error: lost('CONNECTION_FAILED') }, everConnected: false, queryLost: false })).toBe('error')
  })

  test('a query that lost the connection shows the tab lost before main says so', () => {
    expect(shownState({ tab: TAB, everConnected: true, queryLost: true })).toBe('lost')
  })

  test('reconnect attempts of a tab that was connected stay lost', () => {
    expect(shownState({ tab: { ...TAB, state: 'connecting' }, everConnected: true, queryLost: false })).toBe('lost')
    expect(shownState({ tab: { ...TAB, state: 'error', error: lost('CONNECTION_FAILED') }, everConnected: true, queryLost: false })).toBe('lost')
  })

  test('a refusal ends the reconnecting', () => {
    expect(shownState({ tab: { ...TAB, state: 'error', error: lost('ACCESS_DENIED') }, everConnected: true, queryLost: false })).toBe('error')
  })
})
