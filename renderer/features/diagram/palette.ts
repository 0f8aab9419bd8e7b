// DataJoint 2.3's diagram palettes (its `diagram.py` themes): per tier a fill, stroke and text colour, the edge
// colours with their shared translucency, the schema-cluster frame and the master–part group shade. The canvas,
// the SVG export and the PNG export all draw from these, so what is exported looks like what is on screen.

export type DiagramTheme = 'light' | 'dark'

/** How a node is styled: its tier, a table outside DataJoint's naming (`unknown`), or a collapsed schema. */
export type NodeStyle = 'manual' | 'lookup' | 'imported' | 'computed' | 'part' | 'unknown' | 'collapsed'

export interface TierColors {
  readonly fill: string
  readonly stroke: string
  readonly text: string
}

export interface DiagramPalette {
  readonly background: string
  readonly tiers: Readonly<Record<NodeStyle, TierColors>>
  readonly edge: string
  /** Renamed foreign keys: DataJoint's amber. */
  readonly edgeRenamed: string
  /** Both edge colours share it, so an amber edge is as dense as a plain one (0–1). */
  readonly edgeOpacity: number
  readonly clusterStroke: string
  readonly clusterText: string
  /** The quiet shade behind a master and its parts. */
  readonly entityFill: string
}

const tier = (fill: string, stroke: string, text: string): TierColors => ({ fill, stroke, text })

export const PALETTES: Readonly<Record<DiagramTheme, DiagramPalette>> = {
  light: {
    // DataJoint's light theme has no background (Graphviz white).
    background: '#FFFFFF',
    tiers: {
      manual: tier('#E8F0E9', '#3E7A52', '#28513A'),
      lookup: tier('#F0F0F1', '#808285', '#5A5C5F'),
      computed: tier('#FFEDE5', '#FF5113', '#B23200'),
      imported: tier('#E0F4FC', '#00A0DF', '#00537A'),
      part: tier('#FFFFFF', '#B9BBBE', '#55585C'),
      unknown: tier('#FFFDE7', '#C9BC5B', '#6B6420'),
      collapsed: tier('#EDEEF0', '#808890', '#404040'),
    },
    edge: '#171C39',
    edgeRenamed: '#C77D3A',
    edgeOpacity: 0x9e / 255,
    clusterStroke: '#171D3A',
    clusterText: '#171C39',
    entityFill: '#F3F5F8',
  },
  dark: {
    background: '#161A21',
    tiers: {
      manual: tier('#16281F', '#6BBF94', '#BCE6CF'),
      lookup: tier('#242832', '#9DA0A4', '#C9CFD9'),
      computed: tier('#331B12', '#FF7A47', '#FFC7AE'),
      imported: tier('#0F2433', '#33B8E8', '#BEE7F9'),
      part: tier('#1E232C', '#8F959D', '#C8CED8'),
      unknown: tier('#3A3620', '#C9BC5B', '#EBE3A0'),
      collapsed: tier('#242730', '#8890A0', '#C7CDD6'),
    },
    edge: '#AEB6C2',
    edgeRenamed: '#D68C4A',
    edgeOpacity: 0xc0 / 255,
    clusterStroke: '#606875',
    clusterText: '#8A93A1',
    entityFill: '#2A313D',
  },
}

/** Tier names as DataJoint's documentation writes them, for legends and hover cards. */
export const STYLE_LABELS: Readonly<Record<NodeStyle, string>> = {
  manual: 'Manual',
  lookup: 'Lookup',
  imported: 'Imported',
  computed: 'Computed',
  part: 'Part',
  unknown: 'Not a DataJoint table',
  collapsed: 'Collapsed schema',
}
