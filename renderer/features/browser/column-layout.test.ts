import { describe, expect, it } from 'vitest'
import { DEFAULT_LAYOUT, fitLayout, isDefaultLayout, moveColumn, pinKey, readLayout, setHidden, setPinned } from './column-layout'

const columns = ['id', 'session', 'name', 'weight']

describe('column layout', () => {
  it('fits a saved layout to the columns the table has now', () => {
    const saved = { order: ['weight', 'gone', 'id'], hidden: ['gone', 'name'], pinned: ['id'] }
    expect(fitLayout(saved, columns)).toEqual({ order: ['id', 'weight', 'session', 'name'], hidden: ['name'], pinned: ['id'] })
    expect(isDefaultLayout(fitLayout(DEFAULT_LAYOUT, columns), columns)).toBe(true)
  })

  it('pins the key columns ahead of the others, and shows them', () => {
    const layout = setHidden(fitLayout(DEFAULT_LAYOUT, columns), 'session', true)
    expect(pinKey(layout, ['id', 'session'])).toEqual({ order: ['id', 'session', 'name', 'weight'], hidden: [], pinned: ['id', 'session'] })
  })

  it('pins and unpins one column', () => {
    const pinned = setPinned(fitLayout(DEFAULT_LAYOUT, columns), 'weight', true)
    expect(pinned.order).toEqual(['weight', 'id', 'session', 'name'])
    expect(setPinned(pinned, 'weight', false)).toEqual({ order: ['weight', 'id', 'session', 'name'], hidden: [], pinned: [] })
  })

  it('moves a column within its group', () => {
    const layout = setPinned(fitLayout(DEFAULT_LAYOUT, columns), 'id', true)
    expect(moveColumn(layout, 'name', -1).order).toEqual(['id', 'name', 'session', 'weight'])
    expect(moveColumn(layout, 'session', -1)).toBe(layout)
    expect(moveColumn(layout, 'weight', 1)).toBe(layout)
  })

  it('reads only well-formed saved layouts', () => {
    expect(readLayout({ order: ['a'], hidden: [], pinned: [] })).toEqual({ order: ['a'], hidden: [], pinned: [] })
    expect(readLayout({ order: 'a' })).toBeNull()
  })
})
