import { useState } from 'react'
import { THICK_EDGE, THIN_EDGE } from '../diagram-model'
import { PALETTES, STYLE_LABELS, type DiagramTheme, type NodeStyle } from '../palette'

const SHOWN: readonly NodeStyle[] = ['manual', 'lookup', 'imported', 'computed', 'part']

/**
 * What the shapes, colours and lines mean, in DataJoint's terms; folds away to one button. Tables outside
 * DataJoint's naming (`unknown`) are listed only when the diagram has some.
 */
export function DiagramLegend({ theme, initiallyOpen, unknown }: { readonly theme: DiagramTheme; readonly initiallyOpen: boolean; readonly unknown: boolean }) {
  const [open, setOpen] = useState(initiallyOpen)
  const styles: readonly NodeStyle[] = unknown ? [...SHOWN, 'unknown'] : SHOWN
  const palette = PALETTES[theme]
  const line = (color: string, width: number, dashed: boolean) => (
    <svg width="30" height="8" aria-hidden="true">
      <line x1="1" y1="4" x2="29" y2="4" stroke={color} strokeOpacity={palette.edgeOpacity} strokeWidth={width} strokeDasharray={dashed ? '5 3' : undefined} />
    </svg>
  )
  return (
    <div className={`diagram-legend${open ? '' : ' is-folded'}`}>
      <button type="button" className="diagram-legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Legend
      </button>
      {open ? (
        <ul aria-label="Legend">
          {styles.map((style) => (
            <li key={style}>
              <span
                className={`diagram-legend-swatch is-${style}`}
                style={{ background: palette.tiers[style].fill, borderColor: palette.tiers[style].stroke }}
              />
              {STYLE_LABELS[style]}
            </li>
          ))}
          <li>
            {line(palette.edge, THICK_EDGE, false)} one-to-one, primary
          </li>
          <li>
            {line(palette.edge, THIN_EDGE, false)} one-to-many, primary
          </li>
          <li>
            {line(palette.edge, THIN_EDGE, true)} secondary foreign key
          </li>
          <li>
            {line(palette.edgeRenamed, THIN_EDGE, false)} renamed foreign key
          </li>
          <li>
            <span className="diagram-legend-underline">Underlined</span>: adds key attributes
          </li>
        </ul>
      ) : null}
    </div>
  )
}
