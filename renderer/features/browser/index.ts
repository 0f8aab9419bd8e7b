export { Browser, type BrowserProps } from './components/browser'
