import type { FlowDirection } from '../layout'

/** Which way dependencies flow: left to right (DataJoint's default) or top to bottom. */
export function DirectionToggle({ value, onChange }: { readonly value: FlowDirection; readonly onChange: (direction: FlowDirection) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Flow direction">
      {(['LR', 'TB'] as const).map((d) => (
        <button
          key={d}
          type="button"
          role="radio"
          aria-checked={value === d}
          aria-label={d === 'LR' ? 'Left to right' : 'Top to bottom'}
          title={d === 'LR' ? 'Dependencies flow left to right' : 'Dependencies flow top to bottom'}
          className={value === d ? 'segment is-on' : 'segment'}
          onClick={() => onChange(d)}
        >
          {d === 'LR' ? '→' : '↓'}
        </button>
      ))}
    </div>
  )
}
