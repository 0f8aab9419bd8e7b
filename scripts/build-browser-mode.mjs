// Bundles the main-process side of browser mode (electron/browser-mode/run.ts with src/ and electron/) into one
// ES module, out/browser-mode/run.mjs; dependencies stay external. Run by scripts/start.mjs in a child process when
// the sources changed: Vite and Rolldown loaded into the serving process would stay resident (~170 MB) for its life.
//
//   node scripts/build-browser-mode.mjs
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SERVER_BUNDLE = join(ROOT, 'out', 'browser-mode', 'run.mjs')

// Built aside and moved in file by file (rename is atomic): parallel starts never import a half-written bundle.
const staging = join(ROOT, 'out', `.browser-mode-${process.pid}`)
await build({
  configFile: false,
  logLevel: 'warn',
  root: ROOT,
  build: {
    ssr: join(ROOT, 'electron', 'browser-mode', 'run.ts'),
    outDir: staging,
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    target: 'node20',
    rollupOptions: {
      // Packages load from node_modules (PGlite's wasm files are found next to its own code).
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id),
      output: { format: 'es', entryFileNames: 'run.mjs' },
    },
  },
})
mkdirSync(dirname(SERVER_BUNDLE), { recursive: true })
for (const name of readdirSync(staging)) renameSync(join(staging, name), join(dirname(SERVER_BUNDLE), name))
rmSync(staging, { recursive: true, force: true })
