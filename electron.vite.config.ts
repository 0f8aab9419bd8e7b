import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // Sandboxed preloads cannot be ESM.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      // What users get (Electron and browser mode alike): a smaller bundle to load and parse at every start.
      minify: true,
      // One bundle (~580 kB minified), read from disk or loopback: splitting it would not start the app sooner.
      chunkSizeWarningLimit: 1024,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
