// Test-only: a scratch schema whose foreign keys form a cycle, which DataJoint never declares but plain SQL can.
// DataJoint declares Subject and Session; raw DDL adds three tables outside DataJoint's naming (unknown tier):
// LegacyLeft and LegacyRight reference each other, LegacyTree references itself, and LegacyLeft references
// Subject. The foreign-key columns are nullable so the tables can be created, the cycle closed by ALTER TABLE.

import type { Backend } from '../backend'
import type { Instance } from '../instance/instance'
import type { Schema } from '../schema/schema'
import type { Table } from '../table/table'
import { dropScratchSchema } from './load-dump'

export interface CyclicSchema {
  readonly schema: Schema
  readonly Subject: Table
  readonly Session: Table
  /** The SQL names of the plain tables. */
  readonly left: string
  readonly right: string
  readonly tree: string
}

export async function declareCyclicSchema(inst: Instance, backend: Backend, name: string): Promise<CyclicSchema> {
  const schema = await inst.schema(name)
  const Subject = await schema.manual('Subject', 'subject_id : int32\n---\nsubject_name : varchar(40)')
  const Session = await schema.manual('Session', '-> Subject\nsession_idx : int32')
  const quote = (identifier: string): string => (backend === 'mysql' ? `\`${identifier}\`` : `"${identifier}"`)
  const at = (table: string): string => `${quote(name)}.${quote(table)}`
  const [left, right, tree] = ['LegacyLeft', 'LegacyRight', 'LegacyTree']
  const statements = [
    `CREATE TABLE ${at(left)} (left_id INT NOT NULL PRIMARY KEY, subject_id INT NULL, right_id INT NULL, ` +
      `CONSTRAINT legacy_left_subject FOREIGN KEY (subject_id) REFERENCES ${at('subject')} (subject_id))`,
    `CREATE TABLE ${at(right)} (right_id INT NOT NULL PRIMARY KEY, left_id INT NULL, ` +
      `CONSTRAINT legacy_right_left FOREIGN KEY (left_id) REFERENCES ${at(left)} (left_id))`,
    `ALTER TABLE ${at(left)} ADD CONSTRAINT legacy_left_right FOREIGN KEY (right_id) REFERENCES ${at(right)} (right_id)`,
    `CREATE TABLE ${at(tree)} (tree_id INT NOT NULL PRIMARY KEY, parent_id INT NULL, ` +
      `CONSTRAINT legacy_tree_parent FOREIGN KEY (parent_id) REFERENCES ${at(tree)} (tree_id))`,
  ]
  for (const sql of statements) await inst.run({ sql, params: [] })
  return { schema, Subject, Session, left, right, tree }
}

/** Drops the schema with raw DDL: DataJoint's drop refuses a schema whose foreign keys form a cycle. */
export async function dropCyclicSchema(inst: Instance, backend: Backend, name: string): Promise<void> {
  await dropScratchSchema(backend, name, (query) => inst.run(query))
}
