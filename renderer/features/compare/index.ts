export { CompareView, type CompareTab, type CompareViewProps } from './components/compare-view'
