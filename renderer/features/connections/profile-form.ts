// The connection form's model: defaults per backend, validation, and the draft sent to connections.save
// and connections.test. Pure.

import type { Profile, ProfileDraft } from './queries'

export type Backend = ProfileDraft['backend']
export type TlsMode = ProfileDraft['tls']

export const DEFAULT_PORTS: Readonly<Record<Backend, number>> = { postgresql: 5432, mysql: 3306 }

export const BACKEND_LABELS: Readonly<Record<Backend, string>> = { postgresql: 'PostgreSQL', mysql: 'MySQL / MariaDB' }
export const BACKEND_SHORT: Readonly<Record<Backend, string>> = { postgresql: 'PG', mysql: 'MySQL' }

export const TLS_LABELS: Readonly<Record<TlsMode, string>> = {
  auto: 'Auto (try TLS, fall back to plain)',
  required: 'Required',
  disabled: 'Disabled',
}

/** Tab colours: distinct in both themes, none of them the tier colours' exact hues. */
export const PROFILE_COLORS = ['#2f6fde', '#3e7a52', '#e0662f', '#8b5cf6', '#d6336c', '#0f9d9a', '#b7791f', '#64748b'] as const

export interface FormState {
  readonly id: string | undefined
  readonly name: string
  readonly backend: Backend
  readonly host: string
  /** Text, so that the field can be empty while typing. */
  readonly port: string
  /** True once the user typed a port: switching backend then keeps it. */
  readonly portEdited: boolean
  readonly user: string
  readonly password: string
  readonly forgetPassword: boolean
  readonly hasPassword: boolean
  /** From connections.import: lets the main process store (or test with) the password it found. */
  readonly importToken: string | null
  readonly tls: TlsMode
  readonly readOnly: boolean
  readonly color: string
}

/** A new connection's form; its colour is one that no saved profile and no open tab (`taken`) uses yet. */
export function emptyForm(existing: readonly Profile[], taken: readonly string[] = []): FormState {
  const used = new Set([...existing.map((p) => p.color), ...taken].map((c) => c.toLowerCase()))
  const color = PROFILE_COLORS.find((c) => !used.has(c)) ?? PROFILE_COLORS[existing.length % PROFILE_COLORS.length] ?? '#2f6fde'
  return {
    id: undefined,
    name: '',
    backend: 'postgresql',
    host: '127.0.0.1',
    port: String(DEFAULT_PORTS.postgresql),
    portEdited: false,
    user: '',
    password: '',
    forgetPassword: false,
    hasPassword: false,
    importToken: null,
    tls: 'auto',
    readOnly: false,
    color,
  }
}

export function formFromProfile(profile: Profile): FormState {
  return {
    id: profile.id,
    name: profile.name,
    backend: profile.backend,
    host: profile.host,
    port: String(profile.port),
    portEdited: profile.port !== DEFAULT_PORTS[profile.backend],
    user: profile.user,
    password: '',
    forgetPassword: false,
    hasPassword: profile.hasPassword,
    importToken: null,
    tls: profile.tls,
    readOnly: profile.readOnly,
    color: profile.color,
  }
}

/** A draft read from `datajoint.json` fills the form; the user reviews it before saving. */
export function formFromDraft(draft: ProfileDraft, base: FormState, importToken: string | null): FormState {
  return {
    ...base,
    importToken,
    name: draft.name,
    backend: draft.backend,
    host: draft.host,
    port: String(draft.port),
    portEdited: draft.port !== DEFAULT_PORTS[draft.backend],
    user: draft.user,
    tls: draft.tls,
    readOnly: draft.readOnly,
    color: draft.color,
  }
}

/** Switching backend moves the port to the new default unless the user chose a port. */
export function withBackend(form: FormState, backend: Backend): FormState {
  return { ...form, backend, port: form.portEdited ? form.port : String(DEFAULT_PORTS[backend]) }
}

export type FormErrors = Partial<Record<'name' | 'host' | 'port' | 'user' | 'color', string>>

export function validateForm(form: FormState): FormErrors {
  const errors: { -readonly [K in keyof FormErrors]: string } = {}
  if (form.name.trim() === '') errors.name = 'Give the connection a name.'
  else if (form.name.length > 100) errors.name = 'At most 100 characters.'
  if (form.host.trim() === '') errors.host = 'Enter a host name or address.'
  const port = Number(form.port)
  if (!/^\d+$/.test(form.port.trim()) || !Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'A port from 1 to 65535.'
  if (form.user.trim() === '') errors.user = 'Enter a user name.'
  if (!/^#[0-9a-fA-F]{6}$/.test(form.color)) errors.color = 'A colour like #3e7a52.'
  return errors
}

export function toDraft(form: FormState): ProfileDraft {
  const draft: ProfileDraft = {
    name: form.name.trim(),
    backend: form.backend,
    host: form.host.trim(),
    port: Number(form.port),
    user: form.user.trim(),
    tls: form.tls,
    readOnly: form.readOnly,
    color: form.color.toLowerCase(),
  }
  return form.id === undefined ? draft : { ...draft, id: form.id }
}

/**
 * The password part of connections.save: a typed password is saved; an imported one is stored through its
 * import token; an empty field keeps the stored one (or stores none); "forget" removes it.
 */
export function passwordChange(form: FormState): { password?: string | null; importToken?: string } {
  if (form.forgetPassword) return { password: null }
  if (form.password !== '') return { password: form.password }
  if (form.importToken !== null) return { importToken: form.importToken }
  return {}
}

/** The password part of connections.test: typed, else imported, else (main's choice) the saved one. */
export function testPassword(form: FormState): { password?: string; importToken?: string } {
  if (form.password !== '') return { password: form.password }
  if (form.importToken !== null) return { importToken: form.importToken }
  return {}
}
