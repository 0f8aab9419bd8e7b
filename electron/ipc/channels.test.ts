// The preload's allowlist against the contract at run time (the type check already compares the names).
import { describe, expect, it } from 'vitest'
import { PRELOAD_CHANNELS, PRELOAD_EVENTS } from './channels'
import { CHANNELS, contract, events } from './contract'

describe('the preload allowlist', () => {
  it('names exactly the contract channels, in the contract order', () => {
    expect(PRELOAD_CHANNELS).toEqual(CHANNELS)
    expect(CHANNELS).toEqual(Object.keys(contract))
  })

  it('names exactly the contract events', () => {
    expect(PRELOAD_EVENTS).toEqual(Object.keys(events))
  })
})
