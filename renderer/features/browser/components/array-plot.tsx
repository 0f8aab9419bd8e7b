// Numeric blobs drawn with Apache ECharts (tree-shaken through `echarts/core`: line, heatmap, zoom, colour scale),
// in the app's theme colours; uint8 images are put on a canvas pixel for pixel.
import { HeatmapChart, LineChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button } from '../../../components/button'
import { useDocumentTheme } from '../../diagram/hooks/use-document-theme'
import { finiteRange, type ArrayPlot } from '../blob-array'

echarts.use([LineChart, HeatmapChart, GridComponent, TooltipComponent, DataZoomComponent, VisualMapComponent, CanvasRenderer])

/** Heatmaps larger than this many cells are drawn from a regular subsample (every k-th row and column). */
const MAX_HEATMAP_CELLS = 250_000

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim()
}

function format(value: number): string {
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2) : String(Number(value.toFixed(4)))
}

function axisStyle() {
  return {
    axisLine: { lineStyle: { color: cssVar('--border-strong') } },
    axisLabel: { color: cssVar('--muted'), fontSize: 11 },
    splitLine: { lineStyle: { color: cssVar('--grid-line') } },
  }
}

function lineOption(values: ArrayLike<number>): echarts.EChartsCoreOption {
  const data = Array.from(values, (v, i) => [i, Number.isFinite(v) ? v : null])
  return {
    animation: false,
    grid: { left: 56, right: 18, top: 12, bottom: 64 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : String(v)) },
    xAxis: { type: 'value', name: 'index', nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: cssVar('--muted') }, min: 0, max: values.length - 1, ...axisStyle() },
    yAxis: { type: 'value', scale: true, ...axisStyle() },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'slider', xAxisIndex: 0, height: 18, bottom: 6, filterMode: 'none', textStyle: { color: cssVar('--muted') }, borderColor: cssVar('--border') },
    ],
    series: [{ type: 'line', data, showSymbol: false, sampling: 'lttb', lineStyle: { width: 1.5, color: cssVar('--tier-computed-stroke') }, itemStyle: { color: cssVar('--tier-computed-stroke') } }],
  }
}

function heatmapOption(rows: number, columns: number, values: ArrayLike<number>): echarts.EChartsCoreOption {
  const step = Math.max(1, Math.ceil(Math.sqrt((rows * columns) / MAX_HEATMAP_CELLS)))
  const data: [number, number, number][] = []
  for (let r = 0; r < rows; r += step) {
    for (let c = 0; c < columns; c += step) {
      const v = values[r * columns + c]!
      if (Number.isFinite(v)) data.push([c, r, v])
    }
  }
  const [min, max] = finiteRange(values)
  const xs = Array.from({ length: Math.ceil(columns / step) }, (_, i) => String(i * step))
  const ys = Array.from({ length: Math.ceil(rows / step) }, (_, i) => String(i * step))
  return {
    animation: false,
    grid: { left: 56, right: 120, top: 12, bottom: 36 },
    tooltip: { position: 'top', formatter: (p: { value: [number, number, number] }) => `[${p.value[1] * step}, ${p.value[0] * step}] = ${format(p.value[2])}` },
    xAxis: { type: 'category', data: xs, name: 'column', nameLocation: 'middle', nameGap: 22, nameTextStyle: { color: cssVar('--muted') }, ...axisStyle(), splitLine: { show: false } },
    yAxis: { type: 'category', data: ys, inverse: true, name: 'row', nameLocation: 'middle', nameGap: 40, nameTextStyle: { color: cssVar('--muted') }, ...axisStyle(), splitLine: { show: false } },
    visualMap: {
      type: 'continuous',
      min,
      max: max === min ? min + 1 : max,
      calculable: true,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemHeight: 180,
      precision: 3,
      textStyle: { color: cssVar('--muted') },
      // viridis: perceptually uniform and readable on light and dark backgrounds alike.
      inRange: { color: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] },
    },
    series: [{ type: 'heatmap', data: data.map(([c, r, v]) => [c / step, r / step, v]), progressive: 5000 }],
  }
}

/** The shown index range of a zoomed line: [first, last]. */
type Zoom = readonly [number, number]

interface ChartProps {
  readonly option: () => echarts.EChartsCoreOption
  readonly label: string
  readonly height: number
  /** Set for a line: the zoom to apply (null: all), and where the user zoomed to by wheel or slider. */
  readonly zoom?: Zoom | null | undefined
  readonly onZoom?: (zoom: Zoom | null) => void
}

function Chart({ option, label, height, zoom, onZoom }: ChartProps) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const theme = useDocumentTheme()
  useEffect(() => {
    if (element.current === null) return
    const instance = echarts.init(element.current, null, { renderer: 'canvas' })
    chart.current = instance
    instance.setOption(option())
    instance.on('datazoom', () => {
      const zoomed = (instance.getOption() as { dataZoom?: { startValue?: number; endValue?: number; start?: number; end?: number }[] }).dataZoom?.[0]
      if (zoomed === undefined || onZoom === undefined) return
      const whole = zoomed.start === 0 && zoomed.end === 100
      onZoom(whole ? null : [Math.round(zoomed.startValue ?? 0), Math.round(zoomed.endValue ?? 0)])
    })
    const resize = new ResizeObserver(() => instance.resize())
    resize.observe(element.current)
    return () => {
      resize.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [option, theme, onZoom])
  useEffect(() => {
    if (zoom === undefined) return
    chart.current?.dispatchAction(zoom === null ? { type: 'dataZoom', start: 0, end: 100 } : { type: 'dataZoom', startValue: zoom[0], endValue: zoom[1] })
  }, [zoom])
  return <div ref={element} className="array-chart" role="img" aria-label={label} style={{ height }} />
}

function ImageCanvas({ plot, label }: { plot: Extract<ArrayPlot, { kind: 'image' }>; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const context = canvas.current?.getContext('2d')
    if (context === undefined || context === null) return
    const image = context.createImageData(plot.width, plot.height)
    for (let p = 0; p < plot.width * plot.height; p++) {
      const [r, g, b] = plot.channels === 3 ? [plot.pixels[p * 3]!, plot.pixels[p * 3 + 1]!, plot.pixels[p * 3 + 2]!] : [plot.pixels[p]!, plot.pixels[p]!, plot.pixels[p]!]
      image.data.set([r, g, b, 255], p * 4)
    }
    context.putImageData(image, 0, 0)
  }, [plot])
  return (
    <div className="array-image">
      <canvas ref={canvas} width={plot.width} height={plot.height} role="img" aria-label={label} />
    </div>
  )
}

export interface ArrayPlotViewProps {
  readonly plot: ArrayPlot
  /** `float64 (2, 3)` or `list (40)`. */
  readonly label: string
}

/** One numeric array drawn: a zoomable line, a heatmap with its colour scale, or an image; with its statistics. */
export function ArrayPlotView({ plot, label }: ArrayPlotViewProps) {
  const values = plot.kind === 'image' ? plot.pixels : plot.values
  // Built inside the chart's effect, so that theme colours are read after a theme change.
  const option = useCallback(() => (plot.kind === 'line' ? lineOption(plot.values) : plot.kind === 'heatmap' ? heatmapOption(plot.rows, plot.columns, plot.values) : {}), [plot])
  const [min, max] = finiteRange(values)
  let sum = 0
  let count = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      sum += v
      count++
    }
  }
  const name = plot.kind === 'line' ? `Plot of ${label}` : plot.kind === 'heatmap' ? `Heatmap of ${label}` : `Image of ${label}`
  const [zoom, setZoom] = useState<{ range: Zoom | null; fromChart: boolean }>({ range: null, fromChart: true })
  const onZoom = useCallback((range: Zoom | null) => setZoom({ range, fromChart: true }), [])
  const length = values.length
  const zoomIn = () => {
    const [first, last] = zoom.range ?? [0, length - 1]
    const quarter = Math.max(1, Math.floor((last - first) / 4))
    setZoom({ range: [first + quarter, Math.max(first + quarter + 1, last - quarter)], fromChart: false })
  }
  return (
    <figure className="series">
      {plot.kind === 'image' ? (
        <ImageCanvas plot={plot} label={name} />
      ) : plot.kind === 'line' ? (
        // The chart reports its own zooms; only the buttons' zooms are sent back to it.
        <Chart option={option} label={name} height={240} zoom={zoom.fromChart ? undefined : zoom.range} onZoom={onZoom} />
      ) : (
        <Chart option={option} label={name} height={360} />
      )}
      <figcaption className="series-stats">
        <span>{label}</span>
        <span>n = {length.toLocaleString()}</span>
        <span>min {format(min)}</span>
        <span>max {format(max)}</span>
        <span>mean {count === 0 ? '—' : format(sum / count)}</span>
        {plot.kind === 'line' ? (
          <>
            <span role="status" aria-label="Shown indices">
              {zoom.range === null ? 'all indices' : `indices ${zoom.range[0].toLocaleString()}–${zoom.range[1].toLocaleString()}`}
            </span>
            <span className="series-zoom">
              <Button size="sm" variant="ghost" onClick={zoomIn} disabled={zoom.range !== null && zoom.range[1] - zoom.range[0] < 2}>
                Zoom in
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setZoom({ range: null, fromChart: false })} disabled={zoom.range === null}>
                Show all
              </Button>
            </span>
          </>
        ) : null}
      </figcaption>
    </figure>
  )
}
