// Test-only: where the test fixtures live. They are checked in beside this module so that a fresh clone runs
// every test without anything outside the repository.
//   university/       DataJoint's university tutorial schema: CSV data and the golden query corpus (golden.json)
//   python-catalogs/  the catalogs DataJoint Python 2.3 wrote on MariaDB (mysql/) and PostgreSQL (postgres/)
//   zlib/             `<blob>` zlib streams written by Python's zlib (classic zlib, as DataJoint's blob.py uses it)

import { fileURLToPath } from 'node:url'

/** Absolute path of src/testing/fixtures/, with a trailing separator. */
export const FIXTURES_DIR = fileURLToPath(new URL('fixtures/', import.meta.url))
