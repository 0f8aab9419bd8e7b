// Light syntax colouring for DataJoint definitions (describe() output): attribute names, types, defaults,
// comments, the key divider, foreign-key arrows and index lines. A line-based tokenizer; never a parser.

export type DefinitionTokenKind = 'name' | 'type' | 'default' | 'comment' | 'divider' | 'arrow' | 'ref' | 'keyword' | 'punct' | 'plain'

export interface DefinitionToken {
  readonly kind: DefinitionTokenKind
  readonly text: string
}

function commentSplit(line: string): [string, string] {
  // A '#' inside a quoted default is not a comment.
  let quote: string | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote !== null) {
      if (c === quote) quote = null
    } else if (c === '"' || c === "'") quote = c
    else if (c === '#') return [line.slice(0, i), line.slice(i)]
  }
  return [line, '']
}

export function tokenizeDefinitionLine(line: string): DefinitionToken[] {
  const [code, comment] = commentSplit(line)
  const tokens: DefinitionToken[] = []
  const lead = /^\s*/.exec(code)?.[0] ?? ''
  const body = code.slice(lead.length)
  if (lead !== '') tokens.push({ kind: 'plain', text: lead })
  if (/^(-{3,}|_{3,})\s*$/.test(body)) {
    tokens.push({ kind: 'divider', text: body })
  } else if (body.startsWith('->')) {
    const ref = /^->(\s*)(\[[^\]]*\])?(\s*)(.*)$/.exec(body)
    tokens.push({ kind: 'arrow', text: '->' })
    if (ref !== null) {
      if (ref[1] !== '') tokens.push({ kind: 'plain', text: ref[1] ?? '' })
      if (ref[2] !== undefined) tokens.push({ kind: 'keyword', text: ref[2] })
      if (ref[3] !== '') tokens.push({ kind: 'plain', text: ref[3] ?? '' })
      tokens.push({ kind: 'ref', text: ref[4] ?? '' })
    }
  } else if (/^(unique\s+)?index\s*\(/i.test(body)) {
    const m = /^((?:unique\s+)?index)(.*)$/i.exec(body)
    tokens.push({ kind: 'keyword', text: m?.[1] ?? body }, { kind: 'plain', text: m?.[2] ?? '' })
  } else {
    const m = /^([A-Za-z_]\w*)(\s*)(?:(=)(.*?))?(\s*)(:)(.*)$/.exec(body)
    if (m === null) {
      if (body !== '') tokens.push({ kind: 'plain', text: body })
    } else {
      tokens.push({ kind: 'name', text: m[1] ?? '' })
      if (m[2] !== '') tokens.push({ kind: 'plain', text: m[2] ?? '' })
      if (m[3] !== undefined) {
        tokens.push({ kind: 'punct', text: '=' }, { kind: 'default', text: m[4] ?? '' })
      }
      if (m[5] !== '') tokens.push({ kind: 'plain', text: m[5] ?? '' })
      tokens.push({ kind: 'punct', text: ':' })
      const type = m[7] ?? ''
      const typeLead = /^\s*/.exec(type)?.[0] ?? ''
      if (typeLead !== '') tokens.push({ kind: 'plain', text: typeLead })
      tokens.push({ kind: 'type', text: type.slice(typeLead.length) })
    }
  }
  if (comment !== '') tokens.push({ kind: 'comment', text: comment })
  return tokens
}

export function tokenizeDefinition(text: string): DefinitionToken[][] {
  return text.replace(/\s+$/, '').split('\n').map(tokenizeDefinitionLine)
}
