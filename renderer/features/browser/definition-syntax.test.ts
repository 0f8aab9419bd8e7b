import { describe, expect, test } from 'vitest'
import { tokenizeDefinition, tokenizeDefinitionLine } from './definition-syntax'

const kinds = (line: string) => tokenizeDefinitionLine(line).map((t) => `${t.kind}:${t.text}`)

describe('tokenizeDefinitionLine', () => {
  test('an attribute with a type and a comment', () => {
    expect(kinds('subject_id : int32  # unique id')).toEqual(['name:subject_id', 'plain: ', 'punct::', 'plain: ', 'type:int32  ', 'comment:# unique id'])
  })

  test('a default, with a # inside quotes', () => {
    expect(kinds('tag = "#1" : varchar(8)')).toEqual(['name:tag', 'plain: ', 'punct:=', 'default: "#1"', 'plain: ', 'punct::', 'plain: ', 'type:varchar(8)'])
  })

  test('the divider, foreign keys and indexes', () => {
    expect(kinds('---')).toEqual(['divider:---'])
    expect(kinds('-> [nullable] Subject')).toEqual(['arrow:->', 'plain: ', 'keyword:[nullable]', 'plain: ', 'ref:Subject'])
    expect(kinds('-> lab.Session')).toEqual(['arrow:->', 'plain: ', 'ref:lab.Session'])
    expect(kinds('unique index (name)')).toEqual(['keyword:unique index', 'plain: (name)'])
  })

  test('a table comment line', () => {
    expect(kinds('# Experimental subjects')).toEqual(['comment:# Experimental subjects'])
  })

  test('whole definitions split into lines, trailing blank lines dropped', () => {
    expect(tokenizeDefinition('# t\nid : int\n---\nx : float\n\n')).toHaveLength(4)
  })
})
