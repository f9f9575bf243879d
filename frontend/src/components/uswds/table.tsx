import type { ReactNode } from 'react'

type TableProps = {
  caption: string
  headers: readonly string[]
  rows: Array<{ key: string; cells: ReactNode[] }>
  className?: string
}

/** Table is a USWDS borderless table with a caption and column headers. */
export function Table({ caption, headers, rows, className }: TableProps) {
  return (
    <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={caption}>
      <table className={`usa-table usa-table--borderless${className ? ` ${className}` : ''}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={index}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
