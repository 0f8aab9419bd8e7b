// The Electron profile store: electron-store (which imports `electron` at load, hence its own module, imported
// only by electron/main). Same file and format as createJsonProfileStore: `<userData>/config.json`.

import ElectronStore from 'electron-store'
import { PROFILES_KEY, parseProfiles, type ProfileStore } from './profile-store'

export function createElectronProfileStore(): ProfileStore {
  const store = new ElectronStore<Record<string, unknown>>({ name: 'config' })
  return {
    read: async () => parseProfiles(store.get(PROFILES_KEY)),
    write: async (profiles) => {
      store.set(PROFILES_KEY, profiles)
    },
  }
}
