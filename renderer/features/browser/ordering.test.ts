import { describe, expect, test } from 'vitest'
import { toOrderBy } from './ordering'

describe('toOrderBy', () => {
  test("no sort: DataJoint's KEY, ascending, whatever the key", () => {
    expect(toOrderBy([], ['subject_id', 'session'])).toEqual([{ by: 'key', descending: false }])
    expect(toOrderBy([], [])).toEqual([{ by: 'key', descending: false }])
  })

  test('sort columns first, in order, then the rest of the key as a tiebreak', () => {
    expect(
      toOrderBy(
        [
          { id: 'weight', desc: true },
          { id: 'session', desc: false },
        ],
        ['subject_id', 'session'],
      ),
    ).toEqual([
      { by: { kind: 'attr', name: 'weight' }, descending: true },
      { by: { kind: 'attr', name: 'session' }, descending: false },
      { by: { kind: 'attr', name: 'subject_id' }, descending: false },
    ])
  })

  test('a key attribute sorted descending is not repeated', () => {
    expect(toOrderBy([{ id: 'id', desc: true }], ['id'])).toEqual([{ by: { kind: 'attr', name: 'id' }, descending: true }])
  })
})
