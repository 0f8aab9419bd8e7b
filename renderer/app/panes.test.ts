import { describe, expect, test } from 'vitest'
import { resolvePanes, showTab, toggleSplit, type PaneState } from './panes'

const EMPTY: PaneState = { left: null, right: null, focus: 'left', split: false }

describe('resolvePanes', () => {
  test('no state shows the first tab', () => {
    expect(resolvePanes(EMPTY, ['a', 'b'])).toEqual({ left: 'a', right: 'b', focus: 'left', split: false })
    expect(resolvePanes(EMPTY, [])).toEqual({ left: null, right: null, focus: 'left', split: false })
  })

  test('a closed tab is replaced; split needs two tabs', () => {
    expect(resolvePanes({ left: 'gone', right: 'b', focus: 'right', split: true }, ['a', 'b'])).toEqual({
      left: 'a',
      right: 'b',
      focus: 'right',
      split: true,
    })
    expect(resolvePanes({ left: 'a', right: 'b', focus: 'right', split: true }, ['a'])).toMatchObject({ split: false, focus: 'left' })
  })
})

describe('showTab', () => {
  test('one pane: the tab replaces the shown one', () => {
    expect(showTab({ left: 'a', right: 'b', focus: 'left', split: false }, 'c')).toMatchObject({ left: 'c' })
  })

  test('side by side: focus a shown tab, or replace the focused pane', () => {
    const split: PaneState = { left: 'a', right: 'b', focus: 'left', split: true }
    expect(showTab(split, 'b')).toMatchObject({ left: 'a', right: 'b', focus: 'right' })
    expect(showTab(split, 'c')).toMatchObject({ left: 'c', right: 'b', focus: 'left' })
    expect(showTab({ ...split, focus: 'right' }, 'c')).toMatchObject({ left: 'a', right: 'c' })
  })
})

describe('toggleSplit', () => {
  test('on: the next tab click fills the right pane; off: back to the left one', () => {
    const on = toggleSplit({ left: 'a', right: 'b', focus: 'left', split: false })
    expect(on).toEqual({ left: 'a', right: 'b', focus: 'right', split: true })
    expect(showTab(on, 'c')).toMatchObject({ left: 'a', right: 'c' })
    expect(toggleSplit(on)).toMatchObject({ split: false, focus: 'left', left: 'a' })
  })
})
