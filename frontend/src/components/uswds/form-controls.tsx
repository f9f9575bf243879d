// USWDS form controls as plain markup (the wrapper library's versions add little and
// hide the ids we need): each control has a label, an optional hint and an error
// message tied to it by aria-describedby, and an id that the error summary links to.
import type { ChangeEvent, ReactNode } from 'react'

type FieldShellProps = {
  id: string
  label: ReactNode
  hint?: string
  error?: string
  children: ReactNode
  className?: string
}

/** describedBy lists the hint and error ids of a control, or undefined when none. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

/** FormGroup is a labelled USWDS form group, marked in error when it has a message. */
function FormGroup({ id, label, hint, error, children, className }: FieldShellProps) {
  return (
    <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      {children}
    </div>
  )
}

/** ErrorMessage is the USWDS error text placed next to a field. */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="usa-error-message" id={id}>
      {children}
    </span>
  )
}

type TextInputProps = {
  id: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: string
  error?: string
  type?: 'text' | 'number' | 'time' | 'datetime-local' | 'email' | 'tel'
  inputMode?: 'numeric' | 'text'
  autoComplete?: string
  width?: '2xs' | 'xs' | 'sm' | 'md' | 'lg'
  required?: boolean
  className?: string
}

/** TextInput is a labelled USWDS input. */
export function TextInput({ id, label, value, onChange, hint, error, type = 'text', inputMode, autoComplete = 'off', width, required, className }: TextInputProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} className={className}>
      <input
        className={`usa-input${width ? ` usa-input--${width}` : ''}${error ? ' usa-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      />
    </FormGroup>
  )
}

type TextareaProps = {
  id: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: string
  error?: string
}

/** Textarea is a labelled USWDS textarea. */
export function Textarea({ id, label, value, onChange, hint, error }: TextareaProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <textarea
        className={`usa-textarea${error ? ' usa-input--error' : ''}`}
        id={id}
        name={id}
        rows={3}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
      />
    </FormGroup>
  )
}

type CheckboxProps = {
  id: string
  label: ReactNode
  checked: boolean
  onChange: (checked: boolean) => void
  error?: string
  children?: ReactNode
}

/** Checkbox is a USWDS checkbox; children are the fields it opens, shown while checked. */
export function Checkbox({ id, label, checked, onChange, error, children }: CheckboxProps) {
  return (
    <div className={`usa-checkbox${error ? ' usa-form-group--error' : ''}`}>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <input
        className="usa-checkbox__input"
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.checked)}
      />
      <label className="usa-checkbox__label" htmlFor={id}>
        {label}
      </label>
      {checked && children ? <div className="ccpor-nested">{children}</div> : null}
    </div>
  )
}

type RadioGroupProps = {
  id: string
  legend: ReactNode
  value: string
  options: Array<{ value: string; label: string }>
  onChange: (value: string) => void
  error?: string
}

/** RadioGroup is a USWDS fieldset of radio buttons; the first radio carries the id. */
export function RadioGroup({ id, legend, value, options, onChange, error }: RadioGroupProps) {
  return (
    <fieldset className={`usa-fieldset usa-form-group${error ? ' usa-form-group--error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="usa-legend">{legend}</legend>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      {options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`
        return (
          <div className="usa-radio" key={option.value}>
            <input
              className="usa-radio__input"
              id={optionId}
              name={id}
              type="radio"
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <label className="usa-radio__label" htmlFor={optionId}>
              {option.label}
            </label>
          </div>
        )
      })}
    </fieldset>
  )
}

type DateInputProps = {
  id: string
  legend: ReactNode
  /** value is YYYY-MM-DD, possibly with empty parts while typing ("2006--07"). */
  value: string
  onChange: (value: string) => void
  labels: { month: string; day: string; year: string }
  hint?: string
  error?: string
}

/** splitDate reads the parts of a YYYY-MM-DD value: [year, month, day]. */
export function splitDate(value: string): [string, string, string] {
  const [year = '', month = '', day = ''] = value.split('-')
  return [year, month, day]
}

/**
 * DateInput is the USWDS memorable date: month, day and year typed separately, which
 * is quicker to key in than a calendar. The month box carries the id.
 */
export function DateInput({ id, legend, value, onChange, labels, hint, error }: DateInputProps) {
  const [year, month, day] = splitDate(value)
  const set = (part: 'y' | 'm' | 'd') => (event: ChangeEvent<HTMLInputElement>) => {
    const next = event.target.value.replace(/\D/g, '')
    const parts = { y: year, m: month, d: day, [part]: next }
    onChange(parts.y || parts.m || parts.d ? `${parts.y}-${parts.m}-${parts.d}` : '')
  }
  const describe = describedBy(id, hint, error)
  const input = (partId: string, label: string, part: 'y' | 'm' | 'd', partValue: string, max: number) => (
    <div className={`usa-form-group usa-form-group--${part === 'y' ? 'year' : part === 'm' ? 'month' : 'day'}`}>
      <label className="usa-label" htmlFor={partId}>
        {label}
      </label>
      <input
        className={`usa-input${error ? ' usa-input--error' : ''}`}
        id={partId}
        name={partId}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={max}
        value={partValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describe}
        onChange={set(part)}
      />
    </div>
  )
  return (
    <fieldset className={`usa-fieldset usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <legend className="usa-legend">{legend}</legend>
      {hint ? (
        <span className="usa-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <div className="usa-memorable-date">
        {input(id, labels.month, 'm', month, 2)}
        {input(`${id}-day`, labels.day, 'd', day, 2)}
        {input(`${id}-year`, labels.year, 'y', year, 4)}
      </div>
    </fieldset>
  )
}
