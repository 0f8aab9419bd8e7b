// Small inline SVG icons (16 px grid, stroke = currentColor), so no icon font or image request is needed.

import type { ReactNode, SVGProps } from 'react'

export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { readonly size?: number }

function icon(paths: ReactNode, name: string) {
  function Icon({ size = 16, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    )
  }
  Icon.displayName = name
  return Icon
}

export const LockIcon = icon(
  <>
    <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
  </>,
  'LockIcon',
)
export const UnlockIcon = icon(
  <>
    <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 4.9-.7" />
  </>,
  'UnlockIcon',
)
export const KeyIcon = icon(
  <>
    <circle cx="5.5" cy="10.5" r="2.5" />
    <path d="M7.3 8.7 13 3M11 5l1.5 1.5M9.5 6.5 11 8" />
  </>,
  'KeyIcon',
)
export const PlusIcon = icon(<path d="M8 3v10M3 8h10" />, 'PlusIcon')
export const CloseIcon = icon(<path d="m4.5 4.5 7 7m0-7-7 7" />, 'CloseIcon')
export const SearchIcon = icon(
  <>
    <circle cx="7" cy="7" r="4" />
    <path d="m10 10 3 3" />
  </>,
  'SearchIcon',
)
export const RefreshIcon = icon(
  <>
    <path d="M13 8a5 5 0 1 1-1.5-3.6" />
    <path d="M13 3v2.5h-2.5" />
  </>,
  'RefreshIcon',
)
export const ChevronRightIcon = icon(<path d="m6 4 4 4-4 4" />, 'ChevronRightIcon')
export const ChevronDownIcon = icon(<path d="m4 6 4 4 4-4" />, 'ChevronDownIcon')
export const ChevronUpIcon = icon(<path d="m4 10 4-4 4 4" />, 'ChevronUpIcon')
export const ColumnsIcon = icon(
  <>
    <rect x="2" y="3" width="12" height="10" rx="1.2" />
    <path d="M6 3v10M10 3v10" />
  </>,
  'ColumnsIcon',
)
export const PinIcon = icon(<path d="M6 2.5h4M7 2.5v4L4.5 9h7L9 6.5v-4M8 9v4.5" />, 'PinIcon')
export const ChevronLeftIcon = icon(<path d="m10 4-4 4 4 4" />, 'ChevronLeftIcon')
export const ChevronsLeftIcon = icon(<path d="m8 4-4 4 4 4M12.5 4l-4 4 4 4" />, 'ChevronsLeftIcon')
export const ChevronsRightIcon = icon(<path d="m8 4 4 4-4 4M3.5 4l4 4-4 4" />, 'ChevronsRightIcon')
export const SunIcon = icon(
  <>
    <circle cx="8" cy="8" r="2.75" />
    <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
  </>,
  'SunIcon',
)
export const MoonIcon = icon(<path d="M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5Z" />, 'MoonIcon')
export const MonitorIcon = icon(
  <>
    <rect x="2" y="3" width="12" height="8" rx="1.2" />
    <path d="M6 14h4M8 11v3" />
  </>,
  'MonitorIcon',
)
export const CompareIcon = icon(<path d="M6 2.5v11M10 2.5v11M2.5 5.5h2M2.5 8h2M11.5 8h2M11.5 10.5h2" />, 'CompareIcon')
export const SplitIcon = icon(
  <>
    <rect x="2" y="3" width="12" height="10" rx="1.2" />
    <path d="M8 3v10" />
  </>,
  'SplitIcon',
)
export const CopyIcon = icon(
  <>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.2" />
    <path d="M10.5 3.5v-.3A1.2 1.2 0 0 0 9.3 2H3.2A1.2 1.2 0 0 0 2 3.2v6.1a1.2 1.2 0 0 0 1.2 1.2h.3" />
  </>,
  'CopyIcon',
)
export const DownloadIcon = icon(<path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" />, 'DownloadIcon')
export const UploadIcon = icon(<path d="M8 10.5v-8M4.5 6 8 2.5 11.5 6M3 13.5h10" />, 'UploadIcon')
export const WarningIcon = icon(
  <>
    <path d="M7.1 2.6 1.8 12a1 1 0 0 0 .9 1.5h10.6a1 1 0 0 0 .9-1.5L8.9 2.6a1 1 0 0 0-1.8 0Z" />
    <path d="M8 6.5v3M8 11.5v.01" />
  </>,
  'WarningIcon',
)
export const ErrorIcon = icon(
  <>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 5v3.5M8 11v.01" />
  </>,
  'ErrorIcon',
)
export const DatabaseIcon = icon(
  <>
    <ellipse cx="8" cy="3.8" rx="5" ry="1.8" />
    <path d="M3 3.8v8.4c0 1 2.2 1.8 5 1.8s5-.8 5-1.8V3.8M3 8c0 1 2.2 1.8 5 1.8S13 9 13 8" />
  </>,
  'DatabaseIcon',
)
export const TableIcon = icon(
  <>
    <rect x="2" y="3" width="12" height="10" rx="1.2" />
    <path d="M2 6.5h12M6 6.5V13" />
  </>,
  'TableIcon',
)
export const ExpandIcon = icon(<path d="M9.5 2.5h4v4M6.5 13.5h-4v-4M13.5 2.5 9 7M2.5 13.5 7 9" />, 'ExpandIcon')
export const FilterIcon = icon(<path d="M2.5 3.5h11L9.5 8.5v4l-3 1.5V8.5Z" />, 'FilterIcon')
export const CheckIcon = icon(<path d="m3.5 8.5 3 3 6-7" />, 'CheckIcon')
export const StopIcon = icon(<rect x="4" y="4" width="8" height="8" rx="1" />, 'StopIcon')
export const CodeIcon = icon(<path d="m5.5 4.5-3.5 3.5 3.5 3.5M10.5 4.5 14 8l-3.5 3.5" />, 'CodeIcon')
export const EditIcon = icon(<path d="M10.5 2.5 13.5 5.5 6 13H3v-3Z" />, 'EditIcon')
export const TrashIcon = icon(<path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5" />, 'TrashIcon')
export const PlugIcon = icon(<path d="M6 2v3M10 2v3M4.5 5h7v2.5a3.5 3.5 0 0 1-7 0ZM8 11v3" />, 'PlugIcon')
export const DiagramIcon = icon(
  <>
    <rect x="1.5" y="2.5" width="5" height="3.5" rx="1" />
    <rect x="9.5" y="10" width="5" height="3.5" rx="1" />
    <path d="M4 6v2.5a1.5 1.5 0 0 0 1.5 1.5H9.5" />
  </>,
  'DiagramIcon',
)
export const ArrowLeftIcon = icon(<path d="M13 8H3.5M7.5 4 3.5 8l4 4" />, 'ArrowLeftIcon')
export const ArrowRightIcon = icon(<path d="M3 8h9.5M8.5 4l4 4-4 4" />, 'ArrowRightIcon')
/** A foreign key: the value points at a row of another table. */
export const LinkIcon = icon(<path d="M6.5 9.5 9.5 6.5M7 4.5l1.2-1.2a2.5 2.5 0 0 1 3.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 0 1-3.5-3.5L5.5 8" />, 'LinkIcon')
/** What references the selected rows: arrows coming in. */
export const ReferencesIcon = icon(<path d="M2.5 4h6M2.5 12h6M6 8h7.5M10.5 5l3 3-3 3" />, 'ReferencesIcon')
/** Changes waiting to be committed: a list with a clock hand. */
export const PendingIcon = icon(<path d="M2.5 4h6M2.5 8h4M2.5 12h4M11.5 8.5a3 3 0 1 0 0 .01M11.5 7v1.5l1 .8" />, 'PendingIcon')
