import { useLayoutEffect, useState, type RefObject } from 'react'

/** Whether the element is narrower than `width` CSS pixels, following its size (a window or split-view resize). */
export function useIsNarrower(ref: RefObject<HTMLElement | null>, width: number): boolean {
  const [narrower, setNarrower] = useState(false)
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null) return undefined
    const update = () => setNarrower(element.getBoundingClientRect().width < width)
    update()
    const observer = new ResizeObserver(update)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref, width])
  return narrower
}
