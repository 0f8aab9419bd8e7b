export interface SpinnerProps {
  readonly size?: number
  readonly label?: string
}

/** An indeterminate activity indicator; `label` names it for screen readers. */
export function Spinner({ size = 14, label }: SpinnerProps) {
  return (
    <span
      className="spinner"
      style={{ width: size, height: size }}
      role={label === undefined ? undefined : 'status'}
      aria-label={label}
      aria-hidden={label === undefined ? true : undefined}
    />
  )
}
