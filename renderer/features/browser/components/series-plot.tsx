import { useMemo } from 'react'
import type { NumericSeries } from '../cell-text'

export interface SeriesPlotProps {
  readonly series: NumericSeries
}

const WIDTH = 760
const HEIGHT = 140
const PAD = 6

function format(value: number): string {
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2) : String(Number(value.toFixed(4)))
}

/** A line plot of a decoded numeric array, with its length, range and mean. */
export function SeriesPlot({ series }: SeriesPlotProps) {
  const path = useMemo(() => {
    const { values, min, max } = series
    const span = max - min || 1
    const step = (WIDTH - 2 * PAD) / Math.max(1, values.length - 1)
    return values
      .map((v, i) => `${i === 0 ? 'M' : 'L'}${(PAD + i * step).toFixed(1)},${(HEIGHT - PAD - ((v - min) / span) * (HEIGHT - 2 * PAD)).toFixed(1)}`)
      .join('')
  }, [series])
  const zero = series.min < 0 && series.max > 0 ? HEIGHT - PAD - ((0 - series.min) / (series.max - series.min)) * (HEIGHT - 2 * PAD) : null
  return (
    <figure className="series">
      <svg className="series-plot" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`Plot of ${series.label}`}>
        {zero === null ? null : <line x1={0} x2={WIDTH} y1={zero} y2={zero} className="series-zero" />}
        <path d={path} className="series-line" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="series-stats">
        <span>{series.label}</span>
        <span>n = {series.values.length.toLocaleString()}</span>
        <span>min {format(series.min)}</span>
        <span>max {format(series.max)}</span>
        <span>mean {format(series.mean)}</span>
      </figcaption>
    </figure>
  )
}
