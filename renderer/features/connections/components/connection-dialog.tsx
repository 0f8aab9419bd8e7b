import { useQuery } from '@tanstack/react-query'
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { Button } from '../../../components/button'
import { Dialog } from '../../../components/dialog'
import { ErrorCallout } from '../../../components/error-callout'
import { CheckIcon, LockIcon, PlugIcon, PlusIcon, TrashIcon, UnlockIcon, WarningIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import {
  BACKEND_LABELS,
  BACKEND_SHORT,
  emptyForm,
  formFromDraft,
  formFromProfile,
  keepsSavedPassword,
  keepsSavedSshSecret,
  passwordChange,
  PROFILE_COLORS,
  SSH_AUTH_LABELS,
  testPassword,
  TLS_LABELS,
  USES_DATABASE_NAME,
  toDraft,
  validateForm,
  withBackend,
  type Backend,
  type FormErrors,
  type FormState,
  type SshAuth,
  type TlsMode,
} from '../profile-form'
import {
  appInfoQuery,
  profilesQuery,
  tabsQuery,
  useDeleteProfile,
  useImportProfile,
  useOpenTab,
  useReconnectTab,
  useSaveProfile,
  useTestConnection,
  type Profile,
  type Tab,
} from '../queries'
import { HostKeyPrompt } from './host-key-prompt'

export interface ConnectionDialogProps {
  /** Profile to edit first; undefined starts a new connection. */
  readonly profileId?: string | undefined
  /** The tab being edited ("Edit connection"): saving and connecting reconnects it instead of opening another. */
  readonly tabId?: string | undefined
  readonly onClose: () => void
  readonly onOpened: (tab: Tab) => void
}

/** Saved connections on the left, the selected (or new) connection's form on the right. */
export function ConnectionDialog({ profileId, tabId, onClose, onOpened }: ConnectionDialogProps) {
  const profiles = useQuery(profilesQuery())
  const appInfo = useQuery(appInfoQuery())
  const tabs = useQuery(tabsQuery())
  const list = profiles.data ?? []
  const tabColors = (tabs.data ?? []).map((t) => t.color)
  const initial = list.find((p) => p.id === profileId)
  const [form, setForm] = useState<FormState>(() => (initial === undefined ? emptyForm(list, tabColors) : formFromProfile(initial)))
  const [formKey, setFormKey] = useState(0)
  const [selectedId, setSelectedId] = useState<string | undefined>(initial?.id)

  const select = (profile: Profile | null) => {
    setForm(profile === null ? emptyForm(list, tabColors) : formFromProfile(profile))
    setSelectedId(profile?.id)
    setFormKey((k) => k + 1)
  }

  return (
    <Dialog title="Connections" width="xl" onClose={onClose}>
      <div className="conn-layout">
        <aside className="conn-list" aria-label="Saved connections">
          <div className="conn-list-head">
            <span>Saved</span>
            <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => select(null)}>
              New
            </Button>
          </div>
          {profiles.isPending ? (
            <div className="muted pad">
              <Spinner /> Loading…
            </div>
          ) : list.length === 0 ? (
            <p className="muted pad">No saved connections yet. Fill in the form to add one.</p>
          ) : (
            <ul aria-label="Saved connections">
              {list.map((p) => (
                <ProfileItem key={p.id} profile={p} selected={selectedId === p.id} onSelect={() => select(p)} onOpened={onOpened} />
              ))}
            </ul>
          )}
        </aside>
        {/* Saving keeps the form mounted (its connect request must finish); it only marks the profile in the list. */}
        <ConnectionForm
          key={formKey}
          initial={form}
          vault={appInfo.data?.vault ?? null}
          reconnectTabId={selectedId !== undefined && selectedId === profileId ? tabId : undefined}
          onOpened={onOpened}
          onSaved={(p) => setSelectedId(p.id)}
        />
      </div>
    </Dialog>
  )
}

interface ProfileItemProps {
  readonly profile: Profile
  readonly selected: boolean
  readonly onSelect: () => void
  readonly onOpened: (tab: Tab) => void
}

function ProfileItem({ profile, selected, onSelect, onOpened }: ProfileItemProps) {
  const open = useOpenTab()
  const remove = useDeleteProfile()
  const [confirming, setConfirming] = useState(false)
  return (
    <li className={`conn-item${selected ? ' is-selected' : ''}`}>
      <button type="button" className="conn-item-select" onClick={onSelect} aria-current={selected} title={`Edit ${profile.name}`}>
        <span className="color-dot" style={{ background: profile.color }} />
        <span className="conn-item-text">
          <span className="conn-item-name">{profile.name}</span>
          <span className="conn-item-meta">
            {BACKEND_SHORT[profile.backend]} · {profile.user}@{profile.host}:{profile.port}
            {profile.ssh === null ? '' : ' · via SSH'}
            {profile.readOnly ? ' · read-only' : ''}
          </span>
        </span>
      </button>
      {confirming ? (
        <span className="conn-item-actions">
          <Button size="sm" variant="danger" onClick={() => remove.mutate(profile.id)} disabled={remove.isPending}>
            Delete
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </span>
      ) : (
        <span className="conn-item-actions">
          <Button
            size="sm"
            variant="ghost"
            icon={open.isPending ? <Spinner size={12} /> : <PlugIcon />}
            onClick={() => open.mutate({ profileId: profile.id }, { onSuccess: onOpened })}
            aria-label={`Connect to ${profile.name}`}
          >
            Connect
          </Button>
          <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => setConfirming(true)} aria-label={`Delete ${profile.name}`} />
        </span>
      )}
    </li>
  )
}

interface ConnectionFormProps {
  readonly initial: FormState
  readonly vault: 'keychain' | 'insecure' | 'memory' | null
  /** Reconnect this tab after saving, rather than open a new one. */
  readonly reconnectTabId: string | undefined
  readonly onOpened: (tab: Tab) => void
  readonly onSaved: (profile: Profile) => void
}

type InsecureChoice = 'ask' | 'withoutPassword' | 'anyway'

function ConnectionForm({ initial, vault, reconnectTabId, onOpened, onSaved }: ConnectionFormProps) {
  const [form, setForm] = useState(initial)
  // Which button asked for a check: a test needs no name yet.
  const [touched, setTouched] = useState<null | 'test' | 'save'>(null)
  const [insecurePrompt, setInsecurePrompt] = useState<null | { connect: boolean }>(null)
  const [importPath, setImportPath] = useState('')
  const [importNote, setImportNote] = useState<string | null>(null)
  const test = useTestConnection()
  const save = useSaveProfile()
  const open = useOpenTab()
  const reconnect = useReconnectTab()
  const importer = useImportProfile()
  const ids = useId()
  const errors: FormErrors = touched === null ? {} : validateForm(form, touched)
  const update = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }))

  const runTest = () => {
    setTouched((t) => t ?? 'test')
    if (Object.keys(validateForm(form, 'test')).length > 0) return
    test.mutate({ profile: toDraft(form), ...testPassword(form) })
  }

  const submit = (connect: boolean, choice: InsecureChoice = 'ask') => {
    setTouched('save')
    if (Object.keys(validateForm(form)).length > 0) return
    const change = passwordChange(form)
    const storesPassword = typeof change.password === 'string' || typeof change.sshSecret === 'string' || change.importToken !== undefined
    if (vault === 'insecure' && storesPassword && choice === 'ask') {
      setInsecurePrompt({ connect })
      return
    }
    setInsecurePrompt(null)
    const input =
      choice === 'withoutPassword'
        ? { profile: toDraft(form) }
        : choice === 'anyway'
          ? { profile: toDraft(form), ...change, allowInsecureStorage: true }
          : { profile: toDraft(form), ...change }
    save.mutate(input, {
      onSuccess: (profile) => {
        setForm((f) => ({
          ...formFromProfile(profile),
          portEdited: f.portEdited,
        }))
        onSaved(profile)
        if (!connect) return
        if (reconnectTabId !== undefined) reconnect.mutate(reconnectTabId, { onSuccess: onOpened })
        else open.mutate({ profileId: profile.id }, { onSuccess: onOpened })
      },
    })
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    submit(true)
  }

  const runImport = () => {
    if (importPath.trim() === '') return
    importer.mutate(importPath.trim(), {
      onSuccess: (result) => {
        setForm((f) => formFromDraft(result.profile, f, result.importToken))
        setImportNote(
          result.passwordFound
            ? 'Settings imported. A password was found; it is stored when you save.'
            : 'Settings imported. No password was found; type one if the server needs it.',
        )
      },
    })
  }

  return (
    <form className="conn-form" onSubmit={onSubmit} noValidate aria-label={form.id === undefined ? 'New connection' : `Edit ${form.name}`}>
      <div className="conn-form-scroll">
        <h3 className="conn-form-title">{form.id === undefined ? 'New connection' : form.name}</h3>

        <details className="conn-import">
          <summary>Import from datajoint.json</summary>
          <div className="field-row">
            <input
              type="text"
              value={importPath}
              onChange={(e) => setImportPath(e.target.value)}
              placeholder="/path/to/project/datajoint.json"
              aria-label="Path to datajoint.json"
              spellCheck={false}
            />
            <Button onClick={runImport} disabled={importer.isPending || importPath.trim() === ''}>
              {importer.isPending ? <Spinner size={12} /> : null}
              Import
            </Button>
          </div>
          <p className="field-help">Reads the database settings, and a password from .secrets/ or DJ_PASS if present.</p>
          {importer.isError ? <ErrorCallout error={importer.error} compact /> : null}
          {importNote === null ? null : <p className="field-ok">{importNote}</p>}
        </details>

        <Field label="Name" id={`${ids}-name`} error={errors.name}>
          <input id={`${ids}-name`} value={form.name} onChange={(e) => update({ name: e.target.value })} placeholder="Lab server" autoFocus />
        </Field>
        <fieldset className="field">
          <legend className="field-label">Backend</legend>
          <div className="segmented" role="radiogroup" aria-label="Backend">
            {(Object.keys(BACKEND_LABELS) as Backend[]).map((b) => (
              <label key={b} className={`segment${form.backend === b ? ' is-on' : ''}`}>
                <input type="radio" name={`${ids}-backend`} value={b} checked={form.backend === b} onChange={() => setForm((f) => withBackend(f, b))} />
                {BACKEND_LABELS[b]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field-grid">
          <Field label="Host" id={`${ids}-host`} error={errors.host}>
            <input id={`${ids}-host`} value={form.host} onChange={(e) => update({ host: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="Port" id={`${ids}-port`} error={errors.port}>
            <input
              id={`${ids}-port`}
              value={form.port}
              inputMode="numeric"
              onChange={(e) => update({ port: e.target.value, portEdited: true })}
              className="input-port"
            />
          </Field>
        </div>
        <div className="field-grid field-grid-even">
          <Field label="User" id={`${ids}-user`} error={errors.user}>
            <input id={`${ids}-user`} value={form.user} onChange={(e) => update({ user: e.target.value })} spellCheck={false} autoComplete="off" />
          </Field>
          <Field label="Password" id={`${ids}-password`}>
            <input
              id={`${ids}-password`}
              type="password"
              value={form.password}
              onChange={(e) => update({ password: e.target.value, forgetPassword: false })}
              placeholder={keepsSavedPassword(form) ? '•••••• (saved)' : form.importToken !== null ? '•••••• (imported)' : ''}
              autoComplete="new-password"
            />
          </Field>
        </div>
        {form.hasPassword && !keepsSavedPassword(form) && !form.forgetPassword && form.password === '' ? (
          <p className="field-help warn">A saved password is sent only to the server, user and SSH host it was saved for: type it again for this one.</p>
        ) : null}
        {form.hasPassword ? (
          <label className="check">
            <input type="checkbox" checked={form.forgetPassword} onChange={(e) => update({ forgetPassword: e.target.checked, password: '' })} />
            Forget the saved password
          </label>
        ) : null}
        {USES_DATABASE_NAME[form.backend] ? (
          <Field label="Database" id={`${ids}-database`} error={errors.database}>
            <input id={`${ids}-database`} value={form.database} onChange={(e) => update({ database: e.target.value })} spellCheck={false} placeholder="postgres" />
          </Field>
        ) : null}
        <SshFields form={form} errors={errors} update={update} ids={ids} />
        <VaultNote vault={vault} />

        <fieldset className="field">
          <legend className="field-label">Encryption (TLS)</legend>
          <div className="segmented" role="radiogroup" aria-label="Encryption (TLS)">
            {(Object.keys(TLS_LABELS) as TlsMode[]).map((mode) => (
              <label key={mode} className={`segment${form.tls === mode ? ' is-on' : ''}`} title={TLS_LABELS[mode]}>
                <input type="radio" name={`${ids}-tls`} value={mode} checked={form.tls === mode} onChange={() => update({ tls: mode })} />
                {mode === 'auto' ? 'Auto' : mode === 'required' ? 'Required' : 'Disabled'}
              </label>
            ))}
          </div>
          <p className="field-help">{TLS_LABELS[form.tls]}</p>
        </fieldset>

        <label className="check">
          <input type="checkbox" checked={form.readOnly} onChange={(e) => update({ readOnly: e.target.checked })} />
          Read-only: this tab never changes data
        </label>

        <fieldset className="field">
          <legend className="field-label">Tab colour</legend>
          <div className="swatches">
            {PROFILE_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                className={`swatch${form.color.toLowerCase() === c ? ' is-on' : ''}`}
                style={{ background: c }}
                onClick={() => update({ color: c })}
                aria-label={`Colour ${c}`}
                aria-pressed={form.color.toLowerCase() === c}
              />
            ))}
            <input type="color" value={form.color} onChange={(e) => update({ color: e.target.value })} aria-label="Custom colour" />
          </div>
          {errors.color === undefined ? null : <p className="field-error">{errors.color}</p>}
        </fieldset>

      </div>
      {/* Results sit above the buttons, outside the scrolling fields, so they are always in view. */}
      <div className="conn-form-results" aria-live="polite">
          <TestResult test={test} onRetry={runTest} viaSsh={test.variables?.profile.ssh != null} />
          {insecurePrompt === null ? null : (
            <div className="callout callout-warning" role="alertdialog" aria-label="No secure password store">
              <span className="callout-icon">
                <WarningIcon />
              </span>
              <div className="callout-body">
                <div className="callout-title">This computer has no secure password store</div>
                <div className="callout-message">
                  Without a keyring the password would be written to disk unencrypted. Save the connection without it (you are asked
                  for it when connecting), or save it anyway.
                </div>
                <div className="callout-actions">
                  <Button variant="primary" onClick={() => submit(insecurePrompt.connect, 'withoutPassword')}>
                    Don't save password
                  </Button>
                  <Button variant="danger" onClick={() => submit(insecurePrompt.connect, 'anyway')}>
                    Save anyway (insecure)
                  </Button>
                </div>
              </div>
            </div>
          )}
          {save.isError ? <ErrorCallout error={save.error} compact /> : null}
          {open.isError ? <ErrorCallout error={open.error} compact /> : null}
          {reconnect.isError ? <ErrorCallout error={reconnect.error} compact /> : null}
      </div>
      <footer className="conn-form-footer">
        <Button onClick={runTest} disabled={test.isPending} icon={test.isPending ? <Spinner size={12} /> : undefined}>
          Test connection
        </Button>
        <span className="spacer" />
        <Button onClick={() => submit(false)} disabled={save.isPending}>
          Save
        </Button>
        <Button
          type="submit"
          variant="primary"
          disabled={save.isPending || open.isPending || reconnect.isPending}
          icon={open.isPending || reconnect.isPending ? <Spinner size={12} /> : undefined}
        >
          {reconnectTabId === undefined ? 'Save and connect' : 'Save and reconnect'}
        </Button>
      </footer>
    </form>
  )
}

interface FieldProps {
  readonly label: string
  readonly id: string
  readonly error?: string | undefined
  readonly children: ReactNode
}

function Field({ label, id, error, children }: FieldProps) {
  return (
    <div className={`field${error === undefined ? '' : ' has-error'}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error === undefined ? null : <p className="field-error">{error}</p>}
    </div>
  )
}

function VaultNote({ vault }: { readonly vault: ConnectionFormProps['vault'] }) {
  switch (vault) {
    case 'memory':
      return <p className="field-help">Browser mode: passwords are kept in memory only and forgotten when Joinery stops.</p>
    case 'keychain':
      return <p className="field-help">Passwords are stored in the system keychain, never in plain text.</p>
    case 'insecure':
      return <p className="field-help warn">No secure password store is available on this computer; you will be asked before a password is saved.</p>
    default:
      return null
  }
}

interface TestResultProps {
  readonly test: ReturnType<typeof useTestConnection>
  readonly onRetry: () => void
  /** The test went through an SSH tunnel: encrypted as far as the SSH server. */
  readonly viaSsh: boolean
}

function TestResult({ test, onRetry, viaSsh }: TestResultProps) {
  if (test.isPending) {
    return (
      <div className="test-result" role="status">
        <Spinner size={12} /> Connecting…
      </div>
    )
  }
  if (test.isError) return <HostKeyPrompt error={test.error} onTrusted={onRetry} />
  if (test.data === undefined) return null
  const { serverVersion, latencyMs, encrypted } = test.data
  return (
    <div className="test-result is-ok" role="status">
      <CheckIcon />
      <span>
        Connected · <strong>{serverVersion}</strong> · {Math.round(latencyMs)} ms
      </span>
      {encrypted ? (
        <span className="badge badge-ok">
          <LockIcon size={12} /> encrypted
        </span>
      ) : viaSsh ? (
        <span className="badge badge-ok" title="Encrypted as far as the SSH server">
          <LockIcon size={12} /> SSH tunnel
        </span>
      ) : (
        <span className="badge badge-warning">
          <UnlockIcon size={12} /> not encrypted
        </span>
      )}
    </div>
  )
}

interface SshFieldsProps {
  readonly form: FormState
  readonly errors: FormErrors
  readonly update: (patch: Partial<FormState>) => void
  readonly ids: string
}

/** The SSH tunnel: server, user and how the user signs in; the database's host and port are then as that server sees them. */
function SshFields({ form, errors, update, ids }: SshFieldsProps) {
  const secretLabel = form.sshAuth === 'password' ? 'SSH password' : 'Key passphrase'
  return (
    <fieldset className="field conn-ssh">
      <legend className="field-label">SSH tunnel</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={form.sshEnabled}
          onChange={(e) => update({ sshEnabled: e.target.checked, sshUser: form.sshUser === '' ? form.user : form.sshUser })}
        />
        Connect through an SSH server
      </label>
      {form.sshEnabled ? (
        <>
          <p className="field-help">The host and port above are then the database as the SSH server reaches it (often 127.0.0.1).</p>
          <div className="field-grid">
            <Field label="SSH host" id={`${ids}-ssh-host`} error={errors.sshHost}>
              <input id={`${ids}-ssh-host`} value={form.sshHost} onChange={(e) => update({ sshHost: e.target.value })} spellCheck={false} />
            </Field>
            <Field label="SSH port" id={`${ids}-ssh-port`} error={errors.sshPort}>
              <input id={`${ids}-ssh-port`} value={form.sshPort} inputMode="numeric" onChange={(e) => update({ sshPort: e.target.value })} className="input-port" />
            </Field>
          </div>
          <Field label="SSH user" id={`${ids}-ssh-user`} error={errors.sshUser}>
            <input id={`${ids}-ssh-user`} value={form.sshUser} onChange={(e) => update({ sshUser: e.target.value })} spellCheck={false} autoComplete="off" />
          </Field>
          <div className="segmented" role="radiogroup" aria-label="SSH sign-in">
            {(Object.keys(SSH_AUTH_LABELS) as SshAuth[]).map((auth) => (
              <label key={auth} className={`segment${form.sshAuth === auth ? ' is-on' : ''}`}>
                <input type="radio" name={`${ids}-ssh-auth`} value={auth} checked={form.sshAuth === auth} onChange={() => update({ sshAuth: auth })} />
                {SSH_AUTH_LABELS[auth]}
              </label>
            ))}
          </div>
          {form.sshAuth === 'key' ? (
            <Field label="Private key file" id={`${ids}-ssh-key`} error={errors.sshKeyFile}>
              <input
                id={`${ids}-ssh-key`}
                value={form.sshKeyFile}
                onChange={(e) => update({ sshKeyFile: e.target.value })}
                placeholder="~/.ssh/id_ed25519"
                spellCheck={false}
              />
            </Field>
          ) : null}
          {form.sshAuth === 'agent' ? (
            <p className="field-help">Signs in with the keys of the SSH agent Joinery was started with (SSH_AUTH_SOCK).</p>
          ) : (
            <Field label={secretLabel} id={`${ids}-ssh-secret`}>
              <input
                id={`${ids}-ssh-secret`}
                type="password"
                value={form.sshSecret}
                onChange={(e) => update({ sshSecret: e.target.value, forgetSshSecret: false })}
                placeholder={keepsSavedSshSecret(form) ? '•••••• (saved)' : form.sshAuth === 'key' ? 'none if the key has none' : ''}
                autoComplete="new-password"
              />
            </Field>
          )}
          {form.hasSshSecret ? (
            <label className="check">
              <input type="checkbox" checked={form.forgetSshSecret} onChange={(e) => update({ forgetSshSecret: e.target.checked, sshSecret: '' })} />
              Forget the saved {form.sshAuth === 'password' ? 'SSH password' : 'passphrase'}
            </label>
          ) : null}
        </>
      ) : null}
    </fieldset>
  )
}
