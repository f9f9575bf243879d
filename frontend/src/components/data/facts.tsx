import type { ReactNode } from 'react'

export type Fact = [label: string, value: ReactNode]

/** Facts lists label/value rows; rows with nothing to show are left out. */
export function Facts({ rows, testId, wide = false }: { rows: Fact[]; testId?: string; wide?: boolean }) {
  const shown = rows.filter(([, value]) => value !== '' && value !== undefined && value !== null && value !== false)
  return (
    <dl className={wide ? 'ccpor-facts ccpor-facts--wide' : 'ccpor-facts'} data-testid={testId}>
      {shown.map(([label, value]) => (
        <div key={label} className="ccpor-facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
