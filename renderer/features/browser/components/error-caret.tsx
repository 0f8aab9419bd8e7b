/** The typed text with the character where parsing failed marked (a space past the end). */
export function ErrorCaret({ text, position }: { readonly text: string; readonly position: number }) {
  return (
    <code className="col-filter-caret">
      {text.slice(0, position)}
      <mark>{text.slice(position, position + 1) || ' '}</mark>
      {text.slice(position + 1)}
    </code>
  )
}
