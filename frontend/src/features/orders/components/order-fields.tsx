// The entry form's fields, bound by path to the form's values and errors.
import { createContext, useContext, type ReactNode } from 'react'
import { Checkbox, DateInput, RadioGroup, Textarea, TextInput } from '@/components/uswds/form-controls'
import { en } from '@/features/orders/copy'

type Values = Record<string, string | boolean>

type FormState = {
  values: Values
  set: (path: string, value: string | boolean) => void
  /** update replaces the values at once (e.g. to remove a row). */
  update: (change: (values: Values) => Values) => void
  /** errors are the messages of each field, by path. */
  errors: Record<string, string>
}

export const OrderFormContext = createContext<FormState | null>(null)

function useField(path: string) {
  const state = useContext(OrderFormContext)
  if (!state) throw new Error('order fields: no OrderFormContext above this field')
  const value = state.values[path]
  return {
    text: typeof value === 'string' ? value : '',
    checked: value === true,
    error: state.errors[path],
    set: (next: string | boolean) => state.set(path, next),
  }
}

/** fieldId is the DOM id of a field's (first) control; the error summary links to it. */
export const fieldId = (path: string) => `order-${path}`

type TextFieldProps = {
  path: string
  label: string
  hint?: string
  type?: 'text' | 'number' | 'time'
  width?: '2xs' | 'xs' | 'sm' | 'md' | 'lg'
  numeric?: boolean
}

export function TextField({ path, label, hint, type = 'text', width, numeric }: TextFieldProps) {
  const f = useField(path)
  return (
    <TextInput
      id={fieldId(path)}
      label={label}
      hint={hint}
      value={f.text}
      onChange={f.set}
      error={f.error}
      type={type}
      inputMode={numeric ? 'numeric' : undefined}
      width={width}
    />
  )
}

export function LinesField({ path, label, hint }: { path: string; label: string; hint?: string }) {
  const f = useField(path)
  const lines = hint ? `${hint}. ${en.orders.form.linesHint}` : en.orders.form.linesHint
  return <Textarea id={fieldId(path)} label={label} hint={lines} value={f.text} onChange={f.set} error={f.error} />
}

export function DateField({ path, label, hint }: { path: string; label: string; hint?: string }) {
  const f = useField(path)
  const copy = en.orders.date
  return (
    <DateInput
      id={fieldId(path)}
      legend={label}
      hint={hint ?? copy.hint}
      value={f.text}
      onChange={f.set}
      error={f.error}
      labels={copy}
    />
  )
}

export function CheckField({ path, label, children }: { path: string; label: string; children?: ReactNode }) {
  const f = useField(path)
  return (
    <Checkbox id={fieldId(path)} label={label} checked={f.checked} onChange={f.set} error={f.error}>
      {children}
    </Checkbox>
  )
}

type RadioFieldProps = {
  path: string
  legend: string
  options: Record<string, string>
}

export function RadioField({ path, legend, options }: RadioFieldProps) {
  const f = useField(path)
  return (
    <RadioGroup
      id={fieldId(path)}
      legend={legend}
      value={f.text}
      onChange={f.set}
      error={f.error}
      options={Object.entries(options).map(([value, label]) => ({ value, label }))}
    />
  )
}

/** FormSection is one part of the printed form, under its item number and title. */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="usa-fieldset ccpor-form-section">
      <legend className="usa-legend usa-legend--large">{title}</legend>
      {children}
    </fieldset>
  )
}
