/** Hands content to the browser as a download named `fileName` (Electron and browser mode alike). */
export function download(parts: readonly BlobPart[], type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([...parts], { type }))
  downloadFrom(url, fileName)
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Has the browser download what `url` answers (a blob URL, or a browser-mode export's one-time URL) as `fileName`. */
export function downloadFrom(url: string, fileName: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}
