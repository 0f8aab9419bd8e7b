// Reads what scripts/test-all.sh left in reports/ and prints one closing line, `N passed, N failed, N skipped`,
// summed over every runner; exits 1 if anything failed. Typecheck, lint, electronegativity and build count as one
// test each.
// A runner whose report is missing, or that failed without a failing test (a crashed global setup, a
// config error), counts as 1 failed; so does each vitest file that failed to load.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const REPORTS = fileURLToPath(new URL('../reports/', import.meta.url))

/** @typedef {{ passed: number, failed: number, skipped: number, note?: string }} Counts */

/** @param {string} name @returns {number | undefined} the runner's exit status, if test-all.sh recorded it */
function exitStatus(name) {
  const file = `${REPORTS}${name}.exit`
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined
}

/** @param {string} file @returns {Record<string, unknown> | undefined} */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(`${REPORTS}${file}`, 'utf8'))
  } catch {
    return undefined
  }
}

/** @param {unknown} value */
const count = (value) => (typeof value === 'number' ? value : 0)

/** @param {string} name @returns {Counts} */
function step(name) {
  const status = exitStatus(name)
  if (status === 0) return { passed: 1, failed: 0, skipped: 0 }
  return { passed: 0, failed: 1, skipped: 0, note: status === undefined ? 'did not run' : `exit ${status}` }
}

/**
 * @param {Counts} counts
 * @param {string} name
 * @param {boolean} reportSaysFailed
 * @returns {Counts}
 */
function withRunnerError(counts, name, reportSaysFailed) {
  const status = exitStatus(name)
  const runnerFailed = reportSaysFailed || (status !== undefined && status !== 0)
  if (!runnerFailed || counts.failed > 0) return counts
  return { ...counts, failed: counts.failed + 1, note: `runner failed without a failing test (exit ${status ?? '?'})` }
}

/** @param {string} name @returns {Counts} */
function vitest(name) {
  const report = readJson(`${name}.json`)
  if (report === undefined) return { passed: 0, failed: 1, skipped: 0, note: `no reports/${name}.json` }
  // A test file that failed to load (import error, failing hook) has no failing test: count it once.
  const files = /** @type {Array<{ status?: string, assertionResults?: Array<{ status?: string }> }>} */ (
    Array.isArray(report['testResults']) ? report['testResults'] : []
  )
  const brokenFiles = files.filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length
  const counts = {
    passed: count(report['numPassedTests']),
    failed: count(report['numFailedTests']) + brokenFiles,
    skipped: count(report['numPendingTests']) + count(report['numTodoTests']),
    ...(brokenFiles > 0 ? { note: `${brokenFiles} test file(s) failed to run` } : {}),
  }
  return withRunnerError(counts, name, report['success'] === false)
}

/**
 * Why tests were skipped: the descriptions of `test.skip(condition, why)` on skipped tests, each once.
 * @param {unknown} suite a suite of the Playwright JSON report (or the report itself)
 * @param {Set<string>} reasons
 */
function skipReasons(suite, reasons = new Set()) {
  const node = /** @type {{ suites?: unknown[], specs?: Array<{ tests?: Array<{ status?: string, annotations?: Array<{ type?: string, description?: string }> }> }> }} */ (suite)
  for (const spec of node.specs ?? []) {
    for (const test of spec.tests ?? []) {
      if (test.status !== 'skipped') continue
      for (const annotation of test.annotations ?? []) {
        if (annotation.type === 'skip' && annotation.description !== undefined) reasons.add(annotation.description)
      }
    }
  }
  for (const child of node.suites ?? []) skipReasons(child, reasons)
  return reasons
}

/** @param {string} name @returns {Counts} */
function playwright(name) {
  const report = readJson(`${name}.json`)
  if (report === undefined) return { passed: 0, failed: 1, skipped: 0, note: `no reports/${name}.json` }
  const stats = /** @type {Record<string, unknown>} */ (report['stats'] ?? {})
  const reasons = [...skipReasons(report)]
  const counts = {
    // A flaky test passed on a retry.
    passed: count(stats['expected']) + count(stats['flaky']),
    failed: count(stats['unexpected']),
    skipped: count(stats['skipped']),
    ...(reasons.length > 0 ? { note: `skipped: ${reasons.join('; ')}` } : {}),
  }
  const errors = report['errors']
  return withRunnerError(counts, name, Array.isArray(errors) && errors.length > 0)
}

/** @type {Array<[string, Counts]>} */
const results = [
  ['typecheck', step('typecheck')],
  ['lint', step('lint')],
  ['electronegativity', step('electronegativity')],
  ['vitest unit', vitest('vitest-unit')],
  ['vitest db', vitest('vitest-db')],
  ['build', step('build')],
  ['playwright', playwright('playwright')],
]

const total = { passed: 0, failed: 0, skipped: 0 }
const nameWidth = Math.max(...results.map(([name]) => name.length))
for (const [name, counts] of results) {
  total.passed += counts.passed
  total.failed += counts.failed
  total.skipped += counts.skipped
  const note = counts.note === undefined ? '' : ` (${counts.note})`
  console.log(`  ${name.padEnd(nameWidth)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${note}`)
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
process.exit(total.failed === 0 ? 0 : 1)
