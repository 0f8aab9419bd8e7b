// Type-checks every TypeScript project of the repo (see tsconfig.json references), continuing after a
// failure so one broken project does not hide the others' errors. Exits 1 if any project fails.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const PROJECTS = ['src', 'electron', 'renderer', 'e2e', 'tsconfig.tools.json']
const root = fileURLToPath(new URL('..', import.meta.url))
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))

let failed = 0
for (const project of PROJECTS) {
  const { status } = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' })
  if (status !== 0) {
    failed += 1
    console.error(`typecheck: ${project} failed`)
  }
}
process.exit(failed === 0 ? 0 : 1)
