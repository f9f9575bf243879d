import { Label, Select as UswdsSelect } from '@trussworks/react-uswds'
import { useId, type ChangeEvent } from 'react'

type SelectProps = {
  label: string
  name: string
  value: string
  options: Array<{ value: string; label: string }>
  onChange: (value: string) => void
  className?: string
  /** id is the control's id, for an error summary's link; one is made when absent. */
  id?: string
  error?: string
}

/** Select is a labelled USWDS select; the caller submits, so choosing alone changes nothing. */
export function Select({ label, name, value, options, onChange, className, id: givenId, error }: SelectProps) {
  const madeId = useId()
  const id = givenId ?? madeId
  return (
    <div className={`${className ?? ''}${error ? ' usa-form-group usa-form-group--error' : ''}`.trim() || undefined}>
      <Label htmlFor={id} className="margin-top-0" error={Boolean(error)}>
        {label}
      </Label>
      {error ? (
        <span className="usa-error-message" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      <UswdsSelect
        id={id}
        name={name}
        value={value}
        validationStatus={error ? 'error' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
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
