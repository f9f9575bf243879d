import { Label, Select as UswdsSelect } from '@trussworks/react-uswds'
import { useId, type ChangeEvent } from 'react'

type SelectProps = {
  label: string
  name: string
  value: string
  options: Array<{ value: string; label: string }>
  onChange: (value: string) => void
  className?: string
}

/** Select is a labelled USWDS select; the caller submits, so choosing alone changes nothing. */
export function Select({ label, name, value, options, onChange, className }: SelectProps) {
  const id = useId()
  return (
    <div className={className}>
      <Label htmlFor={id} className="margin-top-0">
        {label}
      </Label>
      <UswdsSelect
        id={id}
        name={name}
        value={value}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </UswdsSelect>
    </div>
  )
}
