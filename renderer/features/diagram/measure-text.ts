import type { MeasureText } from './diagram-model'

let context: CanvasRenderingContext2D | null = null
let family: string | null = null
const widths = new Map<string, number>()

/** Label widths in the canvas's font, measured once each on a 2-D canvas (cheap: no layout of the page). */
export const measureText: MeasureText = (text, fontSize) => {
  const key = `${fontSize}\u0000${text}`
  const known = widths.get(key)
  if (known !== undefined) return known
  context ??= document.createElement('canvas').getContext('2d')
  if (context === null) return text.length * fontSize * 0.6
  family ??= getComputedStyle(document.documentElement).getPropertyValue('--font-ui').trim() || 'sans-serif'
  context.font = `${fontSize}px ${family}`
  const width = context.measureText(text).width
  widths.set(key, width)
  return width
}
