// The connection form's model: defaults per backend, validation, and the draft sent to connections.save
// and connections.test. Pure.

import type { Profile, ProfileDraft } from './queries'

export type Backend = ProfileDraft['backend']
export type TlsMode = ProfileDraft['tls']
export type SshAuth = NonNullable<ProfileDraft['ssh']>['auth']

export const SSH_AUTH_LABELS: Readonly<Record<SshAuth, string>> = { key: 'Key file', agent: 'SSH agent', password: 'Password' }
export const DEFAULT_DATABASE = 'postgres'
/** Whether a backend connects to a named database (PostgreSQL's database; MySQL has only schemas). */
export const USES_DATABASE_NAME: Readonly<Record<Backend, boolean>> = { postgresql: true, mysql: false }

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
  /** The PostgreSQL database (DataJoint's `database.name`). */
  readonly database: string
  readonly sshEnabled: boolean
  readonly sshHost: string
  readonly sshPort: string
  readonly sshUser: string
  readonly sshAuth: SshAuth
  readonly sshKeyFile: string
  /** A typed SSH password or key passphrase. */
  readonly sshSecret: string
  readonly hasSshSecret: boolean
  readonly forgetSshSecret: boolean
  /** Where the saved secrets were saved for (`endpointOf` the saved profile); they are sent nowhere else. */
  readonly savedEndpoint: string | null
  readonly savedSshEndpoint: string | null
}

const NO_SSH = {
  sshEnabled: false,
  sshHost: '',
  sshPort: '22',
  sshUser: '',
  sshAuth: 'key',
  sshKeyFile: '',
  sshSecret: '',
  hasSshSecret: false,
  forgetSshSecret: false,
  savedSshEndpoint: null,
} as const satisfies Partial<FormState>

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
    database: DEFAULT_DATABASE,
    ...NO_SSH,
    savedEndpoint: null,
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
    database: profile.database,
    ...(profile.ssh === null
      ? NO_SSH
      : {
          sshEnabled: true,
          sshHost: profile.ssh.host,
          sshPort: String(profile.ssh.port),
          sshUser: profile.ssh.user,
          sshAuth: profile.ssh.auth,
          sshKeyFile: profile.ssh.keyFile ?? '',
          sshSecret: '',
          hasSshSecret: profile.hasSshSecret,
          forgetSshSecret: false,
          savedSshEndpoint: sshEndpointOf(profile),
        }),
    savedEndpoint: endpointOf(profile),
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
    database: draft.database ?? DEFAULT_DATABASE,
  }
}

/** Switching backend moves the port to the new default unless the user chose a port. */
export function withBackend(form: FormState, backend: Backend): FormState {
  return { ...form, backend, port: form.portEdited ? form.port : String(DEFAULT_PORTS[backend]) }
}

export type FormErrors = Partial<Record<'name' | 'host' | 'port' | 'user' | 'color' | 'database' | 'sshHost' | 'sshPort' | 'sshUser' | 'sshKeyFile', string>>

function isPort(text: string): boolean {
  const port = Number(text)
  return /^\d+$/.test(text.trim()) && Number.isInteger(port) && port >= 1 && port <= 65535
}

/** What is missing or wrong; a test needs no name yet (`purpose: 'test'`). */
export function validateForm(form: FormState, purpose: 'save' | 'test' = 'save'): FormErrors {
  const errors: { -readonly [K in keyof FormErrors]: string } = {}
  if (purpose === 'save' && form.name.trim() === '') errors.name = 'Give the connection a name.'
  else if (form.name.length > 100) errors.name = 'At most 100 characters.'
  if (form.host.trim() === '') errors.host = 'Enter a host name or address.'
  if (!isPort(form.port)) errors.port = 'A port from 1 to 65535.'
  if (form.user.trim() === '') errors.user = 'Enter a user name.'
  if (USES_DATABASE_NAME[form.backend] && (form.database.trim() === '' || form.database.length > 63)) errors.database = 'A database name (postgres by default).'
  if (!/^#[0-9a-fA-F]{6}$/.test(form.color)) errors.color = 'A colour like #3e7a52.'
  if (form.sshEnabled) {
    if (form.sshHost.trim() === '') errors.sshHost = 'Enter the SSH server.'
    if (!isPort(form.sshPort)) errors.sshPort = 'A port from 1 to 65535.'
    if (form.sshUser.trim() === '') errors.sshUser = 'Enter the SSH user.'
    if (form.sshAuth === 'key' && !/^(~\/|\/|[A-Za-z]:[\\/]|\\\\)/.test(form.sshKeyFile.trim())) errors.sshKeyFile = 'The absolute path of a private key file.'
  }
  return errors
}

function sshOf(form: FormState): ProfileDraft['ssh'] {
  if (!form.sshEnabled) return null
  return {
    host: form.sshHost.trim(),
    port: Number(form.sshPort),
    user: form.sshUser.trim(),
    auth: form.sshAuth,
    keyFile: form.sshAuth === 'key' ? form.sshKeyFile.trim() : null,
  }
}

/**
 * Where the database password goes (backend, host, port, user, SSH server): the main process sends a saved password
 * only there, so a changed endpoint needs the password typed again.
 */
export function endpointOf(draft: Pick<ProfileDraft, 'backend' | 'host' | 'port' | 'user' | 'ssh'>): string {
  const { ssh } = draft
  return JSON.stringify([draft.backend, draft.host.toLowerCase(), draft.port, draft.user, ssh == null ? null : [ssh.host.toLowerCase(), ssh.port, ssh.user]])
}

/** Where the SSH secret goes: the SSH server, user, method and key file. */
export function sshEndpointOf(draft: Pick<ProfileDraft, 'ssh'>): string | null {
  const { ssh } = draft
  return ssh == null ? null : JSON.stringify([ssh.host.toLowerCase(), ssh.port, ssh.user, ssh.auth, ssh.keyFile])
}

/** Whether the saved database password is still sent: saved, not forgotten, and the endpoint unchanged. */
export function keepsSavedPassword(form: FormState): boolean {
  return form.hasPassword && !form.forgetPassword && form.savedEndpoint === endpointOf(toDraft(form))
}

/** Whether the saved SSH password or passphrase is still sent. */
export function keepsSavedSshSecret(form: FormState): boolean {
  return form.hasSshSecret && !form.forgetSshSecret && form.savedSshEndpoint !== null && form.savedSshEndpoint === sshEndpointOf(toDraft(form))
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
    database: form.database.trim() === '' ? DEFAULT_DATABASE : form.database.trim(),
    ssh: sshOf(form),
  }
  return form.id === undefined ? draft : { ...draft, id: form.id }
}

/**
 * The password part of connections.save: a typed password is saved; an imported one is stored through its
 * import token; an empty field keeps the stored one (or stores none); "forget" removes it.
 */
export function passwordChange(form: FormState): { password?: string | null; importToken?: string; sshSecret?: string | null } {
  // Without a tunnel the main process forgets any SSH secret itself.
  const ssh = !form.sshEnabled ? {} : form.forgetSshSecret ? { sshSecret: null } : form.sshSecret !== '' ? { sshSecret: form.sshSecret } : {}
  if (form.forgetPassword) return { password: null, ...ssh }
  if (form.password !== '') return { password: form.password, ...ssh }
  if (form.importToken !== null) return { importToken: form.importToken, ...ssh }
  return ssh
}

/** The secrets part of connections.test: typed, else imported, else (main's choice) the saved ones. */
export function testPassword(form: FormState): { password?: string; importToken?: string; sshSecret?: string } {
  const ssh = form.sshEnabled && form.sshSecret !== '' ? { sshSecret: form.sshSecret } : {}
  if (form.password !== '') return { password: form.password, ...ssh }
  if (form.importToken !== null) return { importToken: form.importToken, ...ssh }
  return ssh
}
