// Electronegativity (Doyensec's Electron security linter) over electron/: prints every finding and exits 1 on
// any HIGH or MEDIUM one, or on a file it could not parse (an unparsed file is an unchecked file). LOW and
// INFORMATIONAL findings are printed and pass. A finding reviewed as safe is silenced on its own line with an
// `eng-disable CHECK_ID` comment, next to a comment saying why.
//
// Runs offline in a second or two, in this process through Electronegativity's programmatic API:
// - its TypeScript parser (@typescript-eslint/typescript-estree 4) is hoisted next to the project's
//   TypeScript 7, whose API it cannot load; it is given the TypeScript 4.2 Electronegativity installs for it;
// - `got` (translations and Electron's release list, fetched at start) is replaced by a request that fails at
//   once, so Electronegativity falls back to its bundled English texts;
// - AvailableSecurityFixesGlobalCheck is left out: it needs that release list, and writes it into
//   node_modules.
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** @typedef {{ name: string, value: number }} Level */
/**
 * @typedef {{ id: string, file: string, location: { line: number, column: number }, severity: Level,
 *   confidence: Level, manualReview: boolean, description: string }} Issue
 */
/**
 * @typedef {(options: { input: string, electronVersionOverride: string, excludeFromScan: string[],
 *   isRelative: boolean }) => Promise<{ issues: Issue[], errors: Array<{ file: string, message: string,
 *   tolerable: boolean }>, atomicChecks: number, globalChecks: number }>} RunElectronegativity
 */
/**
 * @typedef {(request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown} LoadModule
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const INPUT = join(ROOT, 'electron')
const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM'])
const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck']

const require = createRequire(import.meta.url)
const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'))
const estreeDir = `${sep}node_modules${sep}@typescript-eslint${sep}typescript-estree${sep}`
const typescriptForEstree = createRequire(join(packageDir, 'package.json')).resolve('typescript')

function offlineGot() {
  return Promise.reject(new Error('scripts/electronegativity.mjs runs offline'))
}
offlineGot.head = offlineGot

// Module._load is CommonJS's loader, which every require() of Electronegativity and its parser goes through.
const Module = /** @type {{ _load: LoadModule }} */ (/** @type {unknown} */ (require('node:module')))
const loadModule = Module._load
/** @type {LoadModule} */
Module._load = function load(request, parent, isMain) {
  const from = parent?.filename ?? ''
  if (request === 'got' && from.startsWith(packageDir)) return offlineGot
  if (request === 'typescript' && from.includes(estreeDir)) {
    return loadModule.call(this, typescriptForEstree, parent, isMain)
  }
  return loadModule.call(this, request, parent, isMain)
}

const run = /** @type {RunElectronegativity} */ (require(require.resolve('@doyensec/electronegativity')))
const { version } = /** @type {{ version: string }} */ (require(join(packageDir, 'package.json')))
// The checks of defaults depend on the Electron version, which Electronegativity looks for in a package.json
// inside electron/ and would otherwise assume to be 0.1.0: the installed Electron's.
const electronVersion = /** @type {{ version: string }} */ (require('electron/package.json')).version

// Electronegativity reports each failed translation download; they fail on purpose here.
const log = console.log
console.log = (...args) => {
  if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args)
}
let result
try {
  result = await run({
    input: INPUT,
    electronVersionOverride: electronVersion,
    excludeFromScan: NETWORK_CHECKS,
    isRelative: true,
  })
} finally {
  console.log = log
}

for (const error of result.errors) {
  const kind = error.tolerable ? 'parse warning' : 'PARSE ERROR'
  console.log(`${kind}: ${relative(ROOT, error.file)}: ${error.message}`)
}
const unparsed = result.errors.filter((error) => !error.tolerable).length

/** @param {Issue} issue */
function where(issue) {
  if (issue.file === 'N/A') return 'electron/'
  return `${relative(ROOT, join(INPUT, issue.file))}:${issue.location.line}:${issue.location.column}`
}

const issues = [...result.issues].sort((a, b) => b.severity.value - a.severity.value)
for (const issue of issues) {
  const review = issue.manualReview ? ', review required' : ''
  const attributes = `(${issue.confidence.name}${review})`
  console.log(`${issue.severity.name.padEnd(13)} ${issue.id} ${where(issue)} ${attributes}: ${issue.description}`)
}
const failing = issues.filter((issue) => FAILING_SEVERITIES.has(issue.severity.name)).length

const checks = result.atomicChecks + result.globalChecks
console.log(
  `electronegativity ${version}, Electron ${electronVersion}: ${checks} checks, ${issues.length} finding(s), ` +
    `${failing} HIGH/MEDIUM, ${unparsed} file(s) not parsed`,
)
process.exit(failing === 0 && unparsed === 0 ? 0 : 1)
