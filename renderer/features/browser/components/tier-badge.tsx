import { TIER_LABELS, type Tier } from '../tree-model'

export interface TierBadgeProps {
  readonly tier: Tier | null
  /** Also write the tier's name beside its shape. */
  readonly withLabel?: boolean
}

/**
 * DataJoint's tier marker: the shapes of its diagrams (boxes for manual, lookup and part tables, ellipses
 * for imported and computed ones) in the tier colours of the current theme.
 */
export function TierBadge({ tier, withLabel = false }: TierBadgeProps) {
  const name = tier === null ? 'Table' : TIER_LABELS[tier]
  const kind = tier ?? 'unknown'
  return (
    <span className={`tier tier-${kind}${withLabel ? ' tier-labelled' : ''}`} title={`${name} table`}>
      <svg className="tier-shape" width="14" height="10" viewBox="0 0 14 10" aria-hidden="true">
        {tier === 'imported' || tier === 'computed' ? (
          <ellipse cx="7" cy="5" rx="6.25" ry="4.25" />
        ) : tier === 'part' ? (
          <rect x="3" y="2.5" width="8" height="5" rx="0.5" />
        ) : tier === 'lookup' ? (
          <rect x="0.75" y="0.75" width="12.5" height="8.5" rx="0.5" />
        ) : (
          <rect x="0.75" y="0.75" width="12.5" height="8.5" rx="2" />
        )}
      </svg>
      {withLabel ? <span className="tier-name">{name}</span> : <span className="sr-only">{name}</span>}
    </span>
  )
}
