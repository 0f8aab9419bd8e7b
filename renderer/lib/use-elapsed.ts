import { useEffect, useState } from 'react'

/** Milliseconds since `running` became true (ticking ~10×/s), or null while not running. */
export function useElapsed(running: boolean): number | null {
  const [startedAt, setStartedAt] = useState<number | null>(null)
  const [now, setNow] = useState(0)
  useEffect(() => {
    if (!running) {
      setStartedAt(null)
      return undefined
    }
    const start = performance.now()
    setStartedAt(start)
    setNow(start)
    const timer = window.setInterval(() => setNow(performance.now()), 100)
    return () => window.clearInterval(timer)
  }, [running])
  return startedAt === null ? null : Math.max(0, now - startedAt)
}

/** `35 ms`, `1.4 s`, `12 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`
}
