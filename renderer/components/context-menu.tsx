// An accessible context menu (WAI-ARIA menu pattern): role=menu with menuitems, opened at a point, focus on its
// first item, arrows/Home/End move, Enter or Space chooses, Escape or a click elsewhere closes and gives focus back.

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'

export type ContextMenuEntry =
  | { readonly kind: 'item'; readonly label: string; readonly onSelect: () => void; readonly disabled?: boolean }
  | { readonly kind: 'separator' }

export interface ContextMenuProps {
  readonly label: string
  /** Viewport coordinates of the pointer, or of the element the keyboard opened the menu for. */
  readonly x: number
  readonly y: number
  readonly entries: readonly ContextMenuEntry[]
  readonly onClose: () => void
}

const MARGIN = 8

export function ContextMenu({ label, x, y, entries, onClose }: ContextMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null)
  const [position, setPosition] = useState({ left: x, top: y })
  const returnFocus = useRef<Element | null>(document.activeElement)

  // Kept inside the window: flipped left or up when the menu would overflow.
  useLayoutEffect(() => {
    const menu = menuRef.current
    if (menu === null) return
    const { width, height } = menu.getBoundingClientRect()
    const left = x + width + MARGIN > window.innerWidth ? Math.max(MARGIN, x - width) : x
    const top = y + height + MARGIN > window.innerHeight ? Math.max(MARGIN, y - height) : y
    setPosition({ left, top })
    items(menu)[0]?.focus()
  }, [x, y])

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || menuRef.current?.contains(event.target) !== true) onClose()
    }
    const onBlur = () => onClose()
    document.addEventListener('pointerdown', onPointerDown, true)
    window.addEventListener('blur', onBlur)
    window.addEventListener('resize', onBlur)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true)
      window.removeEventListener('blur', onBlur)
      window.removeEventListener('resize', onBlur)
    }
  }, [onClose])

  const close = (restoreFocus: boolean) => {
    onClose()
    if (restoreFocus && returnFocus.current instanceof HTMLElement) returnFocus.current.focus({ preventScroll: true })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const menu = menuRef.current
    if (menu === null) return
    const list = items(menu)
    const at = list.indexOf(document.activeElement as HTMLElement)
    const move = (index: number) => list[(index + list.length) % list.length]?.focus()
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1)
        break
      case 'ArrowUp':
        move(at - 1)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(list.length - 1)
        break
      case 'Escape':
        close(true)
        break
      case 'Tab':
        close(true)
        break
      default:
        return
    }
    event.preventDefault()
    event.stopPropagation()
  }

  return (
    <div
      ref={menuRef}
      className="context-menu"
      role="menu"
      aria-label={label}
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {entries.map((entry, i) =>
        entry.kind === 'separator' ? (
          <div key={i} className="context-menu-separator" role="separator" />
        ) : (
          <button
            key={i}
            type="button"
            role="menuitem"
            className="context-menu-item"
            tabIndex={-1}
            disabled={entry.disabled === true}
            onClick={() => {
              close(true)
              entry.onSelect()
            }}
          >
            {entry.label}
          </button>
        ),
      )}
    </div>
  )
}

function items(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')]
}
