import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react'
import { CloseIcon } from './icons'
import { IconButton } from './button'

export interface DialogProps {
  readonly title: ReactNode
  readonly onClose: () => void
  readonly children: ReactNode
  readonly footer?: ReactNode
  readonly width?: 'sm' | 'md' | 'lg' | 'xl'
  /** Extra content at the right of the title bar. */
  readonly actions?: ReactNode
}

/** Opens `ref`'s `<dialog>` as a modal while mounted; Escape (the dialog's cancel) calls `onClose` instead of closing it. */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>, onClose: () => void): void {
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return undefined
    if (!dialog.open) dialog.showModal()
    const cancel = (event: Event) => {
      event.preventDefault()
      onCloseRef.current()
    }
    dialog.addEventListener('cancel', cancel)
    return () => {
      dialog.removeEventListener('cancel', cancel)
      if (dialog.open) dialog.close()
    }
  }, [ref])
}

/** A modal dialog on the native `<dialog>` element: focus is trapped, Escape closes it. */
export function Dialog({ title, onClose, children, footer, width = 'md', actions }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useModalDialog(ref, onClose)

  return (
    <dialog ref={ref} className={`dialog dialog-${width}`} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {actions}
        <IconButton label="Close" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </header>
      <div className="dialog-body">{children}</div>
      {footer === undefined ? null : <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  )
}
