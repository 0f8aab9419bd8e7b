// close() while a connect() is under way: the attempt is abandoned and its pool closed, not left connected.

import { describe, expect, it } from 'vitest'
import { isDataJointError } from '../errors/datajoint-error'
import { startTestServer, testInstance } from '../testing/backends'

describe.each(['postgresql', 'mysql'] as const)('closing while connecting on %s', (backendName) => {
  it('rejects the pending connect and leaves the Instance disconnected', async () => {
    const server = await startTestServer(backendName)
    const inst = testInstance(server)
    const connecting = inst.connect()
    await inst.close()
    const error = await connecting.then(
      () => null,
      (err: unknown) => err,
    )
    expect(isDataJointError(error, 'LOST_CONNECTION')).toBe(true)
    expect(inst.isConnected).toBe(false)
    // The Instance can still be used afterwards: a new connect opens a fresh pool.
    await inst.connect()
    expect(inst.isConnected).toBe(true)
    await inst.close()
  })
})
