import { Button } from '../../../components/button'
import { ErrorCallout } from '../../../components/error-callout'
import { WarningIcon } from '../../../components/icons'
import { Spinner } from '../../../components/spinner'
import { toErrorInfo } from '../../../lib/error-text'
import { useTrustHostKey } from '../queries'

/** The host key an unknown SSH server presented, from a HOST_KEY_UNKNOWN error; null for any other error. */
export function unknownHostKey(error: unknown): { host: string; port: number; keyType: string; fingerprint: string } | null {
  const info = toErrorInfo(error)
  if (info.code !== 'HOST_KEY_UNKNOWN') return null
  const { host, port, keyType, fingerprint } = info.details
  if (typeof host !== 'string' || typeof port !== 'number' || typeof keyType !== 'string' || typeof fingerprint !== 'string') return null
  return { host, port, keyType, fingerprint }
}

export interface HostKeyPromptProps {
  readonly error: unknown
  /** Runs again what met the unknown key, once it is trusted. */
  readonly onTrusted: () => void
}

/**
 * First use of an SSH server: its fingerprint, to compare with the one its administrator gives, and a button to trust
 * it. Any other error is shown as it is.
 */
export function HostKeyPrompt({ error, onTrusted }: HostKeyPromptProps) {
  const trust = useTrustHostKey()
  const key = unknownHostKey(error)
  if (key === null) return <ErrorCallout error={error} compact />
  return (
    <div className="callout callout-warning" role="alertdialog" aria-label="Unknown SSH host key">
      <span className="callout-icon">
        <WarningIcon />
      </span>
      <div className="callout-body">
        <div className="callout-title">
          First connection to the SSH server {key.host}:{key.port}
        </div>
        <div className="callout-message">
          Its {key.keyType} host key fingerprint is
          <code className="host-key-fingerprint" aria-label="Host key fingerprint">
            {key.fingerprint}
          </code>
          Trust it only if it matches the fingerprint the server's administrator gives (<code>ssh-keygen -lf</code> on the server's
          host key). Joinery then refuses this server if its key ever changes.
        </div>
        {trust.isError ? <ErrorCallout error={trust.error} compact /> : null}
        <div className="callout-actions">
          <Button
            variant="primary"
            disabled={trust.isPending}
            icon={trust.isPending ? <Spinner size={12} /> : undefined}
            onClick={() => trust.mutate(key, { onSuccess: onTrusted })}
          >
            Trust this key and connect
          </Button>
        </div>
      </div>
    </div>
  )
}
