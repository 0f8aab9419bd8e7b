import { describe, expect, test } from 'vitest'
import { emptyForm, formFromProfile, keepsSavedPassword, passwordChange, PROFILE_COLORS, testPassword, toDraft, validateForm, withBackend } from './profile-form'
import type { Profile } from './queries'

const PROFILE: Profile = {
  id: 'p1',
  name: 'Lab PG',
  backend: 'postgresql',
  host: 'db.lab',
  port: 5433,
  user: 'alice',
  database: 'postgres',
  ssh: null,
  tls: 'required',
  readOnly: true,
  color: '#3e7a52',
  hasPassword: true,
  hasSshSecret: false,
}

describe('connection form', () => {
  test('a new form picks an unused colour and the PostgreSQL port', () => {
    const form = emptyForm([{ ...PROFILE, color: PROFILE_COLORS[0] }])
    expect(form.color).toBe(PROFILE_COLORS[1])
    expect(form.port).toBe('5432')
    expect(emptyForm([], [PROFILE_COLORS[0], PROFILE_COLORS[1].toUpperCase()]).color).toBe(PROFILE_COLORS[2])
  })

  test('switching backend follows the default port until the user types one', () => {
    const form = emptyForm([])
    expect(withBackend(form, 'mysql').port).toBe('3306')
    expect(withBackend({ ...form, port: '13306', portEdited: true }, 'mysql').port).toBe('13306')
  })

  test('validation names each bad field', () => {
    const errors = validateForm({ ...emptyForm([]), name: ' ', host: '', port: '70000', user: '' })
    expect(Object.keys(errors).sort()).toEqual(['host', 'name', 'port', 'user'])
    expect(validateForm({ ...emptyForm([]), name: 'x', user: 'root' })).toEqual({})
  })

  test('a profile round-trips to the same draft, keeping its id', () => {
    expect(toDraft(formFromProfile(PROFILE))).toEqual({
      id: 'p1',
      name: 'Lab PG',
      backend: 'postgresql',
      host: 'db.lab',
      port: 5433,
      user: 'alice',
      database: 'postgres',
      ssh: null,
      tls: 'required',
      readOnly: true,
      color: '#3e7a52',
    })
  })

  test('a test needs no name; an SSH tunnel needs its server, user and an absolute key file', () => {
    const form = { ...emptyForm([]), user: 'root' }
    expect(validateForm(form, 'test')).toEqual({})
    expect(Object.keys(validateForm(form))).toEqual(['name'])
    const ssh = { ...form, name: 'x', sshEnabled: true, sshKeyFile: 'id_ed25519' }
    expect(Object.keys(validateForm(ssh)).sort()).toEqual(['sshHost', 'sshKeyFile', 'sshUser'])
    const complete = { ...ssh, sshHost: 'gate.lab', sshUser: 'me', sshKeyFile: '~/.ssh/id_ed25519' }
    expect(validateForm(complete)).toEqual({})
    expect(toDraft(complete).ssh).toEqual({ host: 'gate.lab', port: 22, user: 'me', auth: 'key', keyFile: '~/.ssh/id_ed25519' })
    expect(toDraft({ ...complete, sshAuth: 'agent' }).ssh?.keyFile).toBeNull()
  })

  test('the saved password is kept only while the endpoint it was saved for is unchanged', () => {
    const form = formFromProfile(PROFILE)
    expect(keepsSavedPassword(form)).toBe(true)
    expect(keepsSavedPassword({ ...form, name: 'Renamed', database: 'other' })).toBe(true)
    expect(keepsSavedPassword({ ...form, host: 'elsewhere' })).toBe(false)
    expect(keepsSavedPassword({ ...form, user: 'bob' })).toBe(false)
    expect(keepsSavedPassword({ ...form, port: '5434' })).toBe(false)
    expect(keepsSavedPassword(withBackend(form, 'mysql'))).toBe(false)
    expect(keepsSavedPassword({ ...form, sshEnabled: true, sshHost: 'gate', sshUser: 'me', sshAuth: 'agent' })).toBe(false)
  })

  test('password: typed is saved, empty keeps the stored one, forget clears it', () => {
    const form = formFromProfile(PROFILE)
    expect(passwordChange(form)).toEqual({})
    expect(passwordChange({ ...form, password: 's3cret' })).toEqual({ password: 's3cret' })
    expect(passwordChange({ ...form, forgetPassword: true })).toEqual({ password: null })
    expect(passwordChange({ ...form, importToken: 'imp1' })).toEqual({ importToken: 'imp1' })
    expect(passwordChange({ ...form, importToken: 'imp1', password: 'typed' })).toEqual({ password: 'typed' })
  })

  test('testing uses the typed password, else the imported one', () => {
    const form = formFromProfile(PROFILE)
    expect(testPassword(form)).toEqual({})
    expect(testPassword({ ...form, importToken: 'imp1' })).toEqual({ importToken: 'imp1' })
    expect(testPassword({ ...form, password: 'x', importToken: 'imp1' })).toEqual({ password: 'x' })
  })
})
