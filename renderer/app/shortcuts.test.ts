import { describe, expect, test } from 'vitest'
import { shortcutFor, type KeyPress } from './shortcuts'

const press = (key: string, patch: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inTextField: false,
  ...patch,
})

describe('shortcutFor', () => {
  test('Ctrl or Cmd with 1..8 selects that tab, 9 the last', () => {
    expect(shortcutFor(press('1', { ctrlKey: true }))).toEqual({ type: 'selectTab', index: 0 })
    expect(shortcutFor(press('3', { metaKey: true }))).toEqual({ type: 'selectTab', index: 2 })
    expect(shortcutFor(press('9', { ctrlKey: true }))).toEqual({ type: 'selectTab', index: 'last' })
  })

  test('close, new connection and search', () => {
    expect(shortcutFor(press('w', { ctrlKey: true }))).toEqual({ type: 'closeTab' })
    expect(shortcutFor(press('T', { metaKey: true }))).toEqual({ type: 'newConnection' })
    expect(shortcutFor(press('k', { ctrlKey: true }))).toEqual({ type: 'search' })
    expect(shortcutFor(press('b', { metaKey: true }))).toEqual({ type: 'toggleTree' })
  })

  test('/ searches, except while typing in a field', () => {
    expect(shortcutFor(press('/'))).toEqual({ type: 'search' })
    expect(shortcutFor(press('/', { inTextField: true }))).toBeNull()
  })

  test('Ctrl or Cmd+Shift+P opens the palette; ? the shortcuts, except while typing', () => {
    expect(shortcutFor(press('P', { ctrlKey: true, shiftKey: true }))).toEqual({ type: 'palette' })
    expect(shortcutFor(press('p', { metaKey: true, shiftKey: true, inTextField: true }))).toEqual({ type: 'palette' })
    expect(shortcutFor(press('?', { shiftKey: true }))).toEqual({ type: 'showShortcuts' })
    expect(shortcutFor(press('?', { shiftKey: true, inTextField: true }))).toBeNull()
  })

  test('other keys and modifier combinations are not shortcuts', () => {
    expect(shortcutFor(press('1'))).toBeNull()
    expect(shortcutFor(press('w', { ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(shortcutFor(press('c', { ctrlKey: true }))).toBeNull()
  })
})
