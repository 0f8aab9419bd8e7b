export { CommandPalette, type CommandPaletteProps } from './components/command-palette'
export type { PaletteAction, PaletteTab } from './palette-entries'
