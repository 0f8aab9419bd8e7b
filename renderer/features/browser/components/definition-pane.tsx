import { useMemo } from 'react'
import { Button } from '../../../components/button'
import { writeClipboard } from '../../../components/data-grid/data-grid'
import { CopyIcon, KeyIcon, LinkIcon } from '../../../components/icons'
import { tokenizeDefinition } from '../definition-syntax'
import { foreignKeysOf } from '../follow'
import { useClassNames } from '../hooks/use-class-names'
import type { TableDetail } from '../queries'
import type { TableRef } from './schema-tree'

export interface DefinitionPaneProps {
  readonly tabId: string
  readonly detail: TableDetail
  /** Opens a referenced (parent) table. */
  readonly onOpenTable: (table: TableRef) => void
}

/** The table's definition as DataJoint's `describe()` prints it, its heading, foreign keys and indexes. */
export function DefinitionPane({ tabId, detail, onOpenTable }: DefinitionPaneProps) {
  const lines = useMemo(() => tokenizeDefinition(detail.definition), [detail.definition])
  // Parents are named by class, as the definition names them.
  const parentSchemas = useMemo(() => detail.foreignKeys.map((fk) => fk.parentSchema), [detail.foreignKeys])
  const classNames = useClassNames(tabId, parentSchemas)
  const parentName = (fk: TableDetail['foreignKeys'][number]) =>
    `${fk.parentSchema === detail.schema ? '' : `${fk.parentSchema}.`}${classNames.get(`${fk.parentSchema}.${fk.parentTable}`) ?? fk.parentTable}`
  return (
    <div className="definition">
      <section className="definition-section" aria-labelledby="def-source">
        <div className="section-head">
          <h3 id="def-source">Definition</h3>
          <span className="spacer" />
          <Button size="sm" variant="ghost" icon={<CopyIcon />} onClick={() => void writeClipboard(detail.definition)}>
            Copy
          </Button>
        </div>
        <pre className="definition-code" aria-label="Table definition">
          {lines.map((tokens, i) => (
            <div key={i} className="definition-line">
              {tokens.length === 0 ? '\u00a0' : tokens.map((t, j) => (
                <span key={j} className={`def-${t.kind}`}>
                  {t.text}
                </span>
              ))}
            </div>
          ))}
        </pre>
      </section>

      <section className="definition-section" aria-labelledby="def-heading">
        <div className="section-head">
          <h3 id="def-heading">Heading</h3>
          <span className="section-count">{detail.attributes.length} attributes</span>
        </div>
        <table className="plain-table">
          <thead>
            <tr>
              <th scope="col">Attribute</th>
              <th scope="col">Type</th>
              <th scope="col">Key</th>
              <th scope="col">Nullable</th>
              <th scope="col">Default</th>
              <th scope="col">Comment</th>
              <th scope="col">References</th>
              <th scope="col">Lineage</th>
            </tr>
          </thead>
          <tbody>
            {detail.attributes.map((a) => (
              <tr key={a.name} className={a.inKey ? 'is-key' : undefined}>
                <td className="mono">
                  {a.inKey ? <KeyIcon size={12} className="key-icon" aria-label="primary key" /> : null}
                  {a.name}
                </td>
                <td className="mono" title={a.sqlType === a.type ? undefined : `SQL: ${a.sqlType}`}>
                  {a.type}
                </td>
                <td>{a.inKey ? 'primary' : ''}</td>
                <td>{a.nullable ? 'yes' : ''}</td>
                <td className="mono">{a.default ?? ''}</td>
                <td>{a.comment}</td>
                <td>
                  {foreignKeysOf(detail.foreignKeys, a.name).map((fk) => (
                    <button
                      key={`${fk.parentSchema}.${fk.parentTable}:${fk.attributes.join(',')}`}
                      type="button"
                      className="link-btn fk-link"
                      onClick={() => onOpenTable({ schema: fk.parentSchema, table: fk.parentTable })}
                      aria-label={`${a.name}: foreign key to ${parentName(fk)}, open it`}
                      title={`Open ${parentName(fk)}`}
                    >
                      <LinkIcon size={12} /> {parentName(fk)}
                    </button>
                  ))}
                </td>
                <td className="mono muted">{a.lineage ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="definition-columns">
        <section className="definition-section" aria-labelledby="def-fks">
          <div className="section-head">
            <h3 id="def-fks">Foreign keys</h3>
            <span className="section-count">{detail.foreignKeys.length}</span>
          </div>
          {detail.foreignKeys.length === 0 ? (
            <p className="muted">None: this table depends on no other table.</p>
          ) : (
            <ul className="fk-list">
              {detail.foreignKeys.map((fk) => (
                <li key={`${fk.parentSchema}.${fk.parentTable}:${fk.attributes.join(',')}`}>
                  <span className="mono">({fk.attributes.join(', ')})</span>
                  <span className="fk-arrow">→</span>
                  <button
                    type="button"
                    className="link-btn fk-parent"
                    title={`Open ${fk.parentSchema}.${fk.parentTable}`}
                    onClick={() => onOpenTable({ schema: fk.parentSchema, table: fk.parentTable })}
                  >
                    {parentName(fk)}
                  </button>
                  {fk.parentAttributes.join(',') === fk.attributes.join(',') ? null : (
                    <span className="mono muted"> ({fk.parentAttributes.join(', ')})</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="definition-section" aria-labelledby="def-indexes">
          <div className="section-head">
            <h3 id="def-indexes">Indexes</h3>
            <span className="section-count">{detail.indexes.length}</span>
          </div>
          {detail.indexes.length === 0 ? (
            <p className="muted">No secondary indexes.</p>
          ) : (
            <ul className="fk-list">
              {detail.indexes.map((index) => (
                <li key={index.name}>
                  {index.unique ? <span className="badge">unique</span> : null}
                  <span className="mono">({index.attributes.join(', ')})</span>
                  <span className="muted mono"> {index.name}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}
