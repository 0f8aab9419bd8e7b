// Electron's side of the IPC contract: one ipcMain handler per channel of the contract. Only frames showing our own
// pages are served; everything else goes through the shared dispatcher (parse → read-only → handler → Result).

import { ipcMain } from 'electron'
import { CHANNELS } from '../../ipc/contract'
import { fail } from '../../ipc/result'
import { isTrustedSender } from '../window-options'
import type { Dispatch } from './dispatch'

export function registerIpc(dispatch: Dispatch, origins: readonly string[]): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url, origins)) {
        return fail({ code: 'ACCESS_DENIED', message: 'IPC from a page that is not Joinery.', details: {} })
      }
      return dispatch(channel, input, { clientId: `webContents-${event.sender.id}` })
    })
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel)
  }
}
