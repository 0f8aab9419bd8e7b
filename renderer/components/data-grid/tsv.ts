// Tab-separated text for the clipboard, quoted the way spreadsheets read it back.

function field(text: string): string {
  return /[\t\n\r"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Rows of cell texts to TSV; a header row first when given. */
export function toTsv(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const lines = header === undefined ? [] : [header.map(field).join('\t')]
  for (const row of rows) lines.push(row.map(field).join('\t'))
  return lines.join('\n')
}
