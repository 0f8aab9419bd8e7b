#!/usr/bin/env bash
# `npm test`, the one test command: preflight, then every runner (continuing after failures), then
# scripts/summarize-reports.mjs prints the closing line `N passed, N failed, N skipped` and sets the exit status.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/preflight.sh || exit 1

rm -rf reports
mkdir -p reports

# $1 report name; the rest is the command. Records the exit status in reports/$1.exit.
run() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  local started=$(date +%s%N)
  "$@"
  local status=$?
  echo "$status" > "reports/$name.exit"
  echo "=== $name: exit $status after $(( ($(date +%s%N) - started) / 1000000 )) ms"
}

run typecheck npm run --silent typecheck
run lint npm run --silent lint
run electronegativity node scripts/electronegativity.mjs
run vitest-unit node_modules/.bin/vitest run --project unit --passWithNoTests \
  --reporter=default --reporter=json --outputFile.json=reports/vitest-unit.json
run vitest-db node_modules/.bin/vitest run --project db --passWithNoTests \
  --reporter=default --reporter=json --outputFile.json=reports/vitest-db.json
run build npm run --silent build # e2e serves out/renderer
run playwright node_modules/.bin/playwright test # JSON report: reports/playwright.json (playwright.config.ts)

echo
node scripts/summarize-reports.mjs
