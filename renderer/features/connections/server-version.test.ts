import { expect, test } from 'vitest'
import { shortVersion } from './server-version'

test('shortVersion', () => {
  expect(shortVersion('PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc')).toBe('PostgreSQL 15.20')
  expect(shortVersion('PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-unknown-emscripten')).toBe('PostgreSQL 18.6 (PGlite 0.5.14)')
  expect(shortVersion('10.11.19-MariaDB-0+deb12u1')).toBe('MariaDB 10.11.19')
  expect(shortVersion('8.0.36')).toBe('MySQL 8.0.36')
  expect(shortVersion('')).toBe('')
})
