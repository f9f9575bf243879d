import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { isApiError, type Problem } from '@/api/problem'
import { problemOf } from '@/components/errors/error-fallback'
import { ProblemDetails } from '@/components/errors/problem-details'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { ErrorSummary, type SummaryItem } from '@/components/uswds/error-summary'
import { en } from '@/features/orders/copy'
import type { OrderEntry } from '@/features/orders/api/types'
import {
  CheckField,
  DateField,
  FormSection,
  LinesField,
  OrderFormContext,
  RadioField,
  TextField,
  fieldId,
} from '@/features/orders/components/order-fields'
import {
  boxedPaths,
  fieldOfError,
  fieldsOf,
  heightKeys,
  isImplied,
  keyOf,
  numberErrors,
  requiredMark,
  toTypedContent,
  type FormDefinition,
  type FormField,
  type FormValues,
} from '@/features/orders/forms/form-definitions'

const copy = en.orders.typed
const formCopy = en.orders.form

/** SubmitAction is what a button asks: save a draft, issue, or save a modification. */
export type SubmitAction = 'draft' | 'issue' | 'save'

function optionLabels(field: FormField): Record<string, string> {
  const names: Record<string, string> = field.path === 'orderKind' ? en.orders.orderKinds : copy.choices
  return Object.fromEntries((field.options ?? []).map((o) => [o, names[o] ?? o]))
}

/** numbered puts the item number before a label as the form prints it: "2. Defendant …", "3(a) Must not …". */
export function numbered(item: string | undefined, label: string): string {
  if (!item || !/^\d/.test(item) || label.startsWith(item)) return label
  return /^\d+$/.test(item) ? `${item}. ${label}` : `${item} ${label}`
}

/** isShort tells a field drawn narrow, in a row with its short neighbours (height, weight, hair, …). */
const isShort = (field: FormField) =>
  field.kind === 'number' ||
  field.kind === 'height' ||
  field.kind === 'time' ||
  (field.kind === 'text' && (field.maxLength ?? 0) > 0 && (field.maxLength ?? 0) <= 40)

type FieldProps = { field: FormField; valueKey: string; section: string; boxed?: boolean; groupItem?: string }

/** Field renders one input of a form by its kind, labelled as the form prints it. */
function Field({ field, valueKey, section, boxed, groupItem }: FieldProps) {
  const mark = requiredMark(field, { required: copy.requiredMark, ifUsed: copy.requiredIfUsed })
  // A member under its group's box drops the group's name its label repeats ("Stay away: yards").
  const repeated = boxed && field.groupLabel && field.label.startsWith(`${field.groupLabel}: `)
  const own = repeated ? field.label.slice((field.groupLabel ?? '').length + 2) : field.label
  const label = mark ? `${own} ${mark}` : own
  // The item number is said once: by the section's title, the group's box, or the field.
  const itemSaid =
    !field.item || !/^\d/.test(field.item) || section.startsWith(field.item) || (boxed && field.item === groupItem)
  const hint = [itemSaid ? undefined : copy.item(field.item ?? ''), field.hint].filter(Boolean).join('. ') || undefined
  // A date's example is given unless the form prints a hint of its own.
  const dateHint = hint && !field.hint ? `${hint}. ${en.orders.date.hint}` : hint
  switch (field.kind) {
    case 'boolean':
      return <CheckField path={valueKey} label={boxed && field.item === groupItem ? own : numbered(field.item, own)} />
    case 'date':
      return <DateField path={valueKey} label={label} hint={dateHint} />
    case 'lines':
      return <LinesField path={valueKey} label={label} hint={hint} />
    case 'choice':
      return <RadioField path={valueKey} legend={label} options={optionLabels(field)} />
    case 'height': {
      const { feet, inches } = heightKeys(valueKey)
      return (
        <>
          <TextField path={feet} label={copy.feet(label)} hint={hint} numeric width="2xs" />
          <TextField path={inches} label={copy.inches(label)} numeric width="2xs" />
        </>
      )
    }
    case 'number':
      return <TextField path={valueKey} label={label} hint={hint} numeric width={field.path.endsWith('age') ? '2xs' : 'xs'} />
    case 'time':
      return <TextField path={valueKey} label={label} hint={hint} type="time" width="sm" />
    default:
      return <TextField path={valueKey} label={label} hint={hint} width={isShort(field) ? 'xs' : undefined} />
  }
}

/**
 * SectionFields draws a section's fields in order: a group as the check box that
 * makes the order with its members under it, short fields side by side.
 */
function SectionFields({ fields, section, boxed, person }: { fields: FormField[]; section: string; boxed: Set<string>; person?: number }) {
  const out: ReactNode[] = []
  const drawn = new Set<string>()
  let row: ReactNode[] = []
  const flush = () => {
    if (row.length > 1) out.push(<div key={`row-${out.length}`} className="ccpor-inline-fields">{row}</div>)
    else out.push(...row)
    row = []
  }
  const key = (field: FormField) => keyOf(field.path, person)
  const draw = (field: FormField, groupItem?: string) => (
    <Field key={field.path} field={field} valueKey={key(field)} section={section} boxed={groupItem !== undefined} groupItem={groupItem} />
  )
  for (const field of fields) {
    if (drawn.has(field.path)) continue
    if (person !== undefined && field.from && person + 1 < field.from) continue
    if (field.group && boxed.has(field.path)) {
      flush()
      const members = fields.filter((f) => f.group === field.group && boxed.has(f.path))
      members.forEach((m) => drawn.add(m.path))
      out.push(
        <CheckField key={field.group} path={field.group} label={numbered(field.item, field.groupLabel ?? field.group)}>
          <GroupMembers members={members.filter((m) => !isImplied(m))} draw={(m) => draw(m, field.item ?? '')} />
        </CheckField>,
      )
      continue
    }
    if (isShort(field)) {
      row.push(draw(field))
      continue
    }
    flush()
    out.push(draw(field))
  }
  flush()
  return <>{out}</>
}

/** GroupMembers draws a group's members under its box, short ones side by side. */
function GroupMembers({ members, draw }: { members: FormField[]; draw: (field: FormField) => ReactNode }) {
  const out: ReactNode[] = []
  let row: ReactNode[] = []
  const flush = () => {
    if (row.length > 1) out.push(<div key={`row-${out.length}`} className="ccpor-inline-fields">{row}</div>)
    else out.push(...row)
    row = []
  }
  for (const m of members) {
    if (m.kind === 'number') row.push(draw(m))
    else {
      flush()
      out.push(draw(m))
    }
  }
  flush()
  return <>{out}</>
}

type Failure =
  | { kind: 'fields'; items: SummaryItem[]; errors: Record<string, string> }
  | { kind: 'stale' }
  | { kind: 'problem'; problem: Problem }

type TypedOrderFormProps = {
  /** definitions are the revisions of one form; with more than one, the clerk chooses the revision. */
  definitions: FormDefinition[]
  /** revision is the revision shown first (the latest when not given). */
  revision?: string
  /** actions are the buttons offered, in order; the last one is the form's submit. */
  actions: SubmitAction[]
  /** submit saves; it answers false when nothing was saved (the clerk went back), which unlocks the form. */
  submit: (content: OrderEntry, action: SubmitAction) => Promise<unknown>
  /** onReload reads the order again after a 412 (modify only). */
  onReload?: () => void
  /** initialValues and initialPersons prefill the form (to modify an order). */
  initialValues?: FormValues
  initialPersons?: number
}

/**
 * TypedOrderForm renders any form from its definition: its sections in the printed
 * order, each field under its item number and label, groups under the check box
 * that makes the order, the protected persons once per person. Numbers are checked
 * before sending; a refused save lists its problems at the top and by each field;
 * an order changed meanwhile (412) is said so, with a reload.
 */
export function TypedOrderForm({ definitions, revision, actions, submit, onReload, initialValues, initialPersons }: TypedOrderFormProps) {
  const [values, setValues] = useState<FormValues>(() => ({
    'form.revision': revision ?? definitions.at(-1)?.revision ?? '',
    ...(initialValues ?? {}),
  }))
  const [persons, setPersons] = useState(initialPersons ?? 1)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [pending, setPending] = useState(false)
  const busy = useRef(false) // a second click before the first answer sends nothing
  const staleRef = useRef<HTMLDivElement>(null)
  const definition = definitions.find((d) => d.revision === values['form.revision']) ?? definitions.at(-1)!
  const boxed = useMemo(() => boxedPaths(definition), [definition])

  const state = useMemo(
    () => ({
      values: values as Record<string, string | boolean>,
      set: (path: string, value: string | boolean) => setValues((current) => ({ ...current, [path]: value })),
      update: (change: (current: FormValues) => FormValues) => setValues(change),
      errors: failure?.kind === 'fields' ? failure.errors : {},
    }),
    [values, failure],
  )

  const personKeys = (def: FormDefinition) =>
    (def.sections ?? []).flatMap((s) => (s.fields ?? []).filter((f) => f.path.includes('[]')).flatMap((f) => (f.kind === 'height' ? Object.values(heightKeys(f.path)) : [f.path])))

  function addPerson() {
    setPersons((n) => n + 1)
    const first = personKeys(definition)[0]
    if (first) window.setTimeout(() => document.getElementById(fieldId(keyOf(first, persons)))?.focus())
  }

  function removePerson(index: number) {
    const paths = personKeys(definition)
    setValues((current) => {
      const next = { ...current }
      // Persons after the removed one move up by one; the last person's keys go.
      for (let i = index; i < persons - 1; i++) {
        for (const p of paths) {
          const moved = current[keyOf(p, i + 1)]
          if (moved === undefined) delete next[keyOf(p, i)]
          else next[keyOf(p, i)] = moved
        }
      }
      for (const p of paths) delete next[keyOf(p, persons - 1)]
      return next
    })
    setPersons((n) => n - 1)
    const first = paths[0]
    if (first) window.setTimeout(() => document.getElementById(fieldId(keyOf(first, Math.max(0, index - 1))))?.focus())
  }

  function fail(next: Failure) {
    setFailure(next)
    setAttempt((n) => n + 1)
    if (next.kind === 'stale') window.setTimeout(() => staleRef.current?.focus())
  }

  function fieldFailure(list: Array<{ location?: string; key?: string; message: string }>): Failure {
    const fields = fieldsOf(definition, persons)
    const keys = new Set([...fields.map((f) => f.key), 'form.revision'])
    const byKey = new Map(fields.map((f) => [f.key, f.field]))
    const errors: Record<string, string> = {}
    const items = list.map(({ location, key: given, message }) => {
      let key = given ?? fieldOfError(location, message, keys)
      if (!key) return { message }
      const field = byKey.get(key)
      // A height's error is shown by its feet; a group's by its box.
      if (field?.kind === 'height') key = heightKeys(key).feet
      if (field && isImplied(field) && field.group) key = field.group
      if (field?.group && boxed.has(field.path) && values[field.group] !== true) key = field.group
      errors[key] = errors[key] ? `${errors[key]} ${message}` : message
      const person = /^protectedPersons\.(\d+)\./.exec(key)?.[1]
      const own = field ? field.label : ''
      const fieldLabel = key.endsWith('.feet') ? copy.feet(own) : key.endsWith('.inches') ? copy.inches(own) : key === field?.group ? (field.groupLabel ?? own) : own
      const label = [person ? copy.person(Number(person) + 1) : '', key === 'form.revision' ? formCopy.revision : fieldLabel].filter(Boolean).join(', ')
      return { message: label ? `${label}: ${message}` : message, fieldId: fieldId(key) }
    })
    return { kind: 'fields', items, errors }
  }

  async function run(action: SubmitAction) {
    if (busy.current) return
    const badNumbers = numberErrors(definition, values, persons)
    if (badNumbers.length) {
      const byKey = new Map(fieldsOf(definition, persons).map((f) => [f.key, f]))
      fail(
        fieldFailure(
          badNumbers.map((key) => {
            const base = key.replace(/\.(feet|inches)$/, '')
            return { key: byKey.has(key) ? key : base, message: formCopy.invalidNumber }
          }),
        ),
      )
      return
    }
    busy.current = true
    setPending(true)
    try {
      if ((await submit(toTypedContent(definition, values, persons), action)) === false) {
        busy.current = false // not saved: the clerk went back
        setPending(false)
      }
      // Saved: the form stays locked while the page moves on, so a late click sends nothing.
    } catch (error) {
      busy.current = false
      setPending(false)
      const problem = problemOf(error)
      if (isApiError(error) && error.status === 412) fail({ kind: 'stale' })
      else if (problem.errors?.length) fail(fieldFailure(problem.errors.map((e) => ({ location: e.location, message: e.message ?? '' }))))
      else fail({ kind: 'problem', problem })
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void run(actions[actions.length - 1] ?? 'save')
  }

  const actionLabel = (action: SubmitAction) => (action === 'draft' ? formCopy.saveDraft : action === 'issue' ? formCopy.issue : formCopy.save)
  const revisions = Object.fromEntries(definitions.map((d) => [d.revision, en.orders.revisions[d.revision] ?? copy.revision(d.revision)]))

  return (
    <form className="usa-form usa-form--large ccpor-order-form" noValidate onSubmit={onSubmit} aria-label={definition.title}>
      {failure?.kind === 'fields' ? <ErrorSummary heading={formCopy.errorHeading} items={failure.items} focusKey={attempt} /> : null}
      {failure?.kind === 'stale' ? (
        <div ref={staleRef} tabIndex={-1}>
          <Alert type="error" heading={formCopy.staleHeading} announce blockContent>
            <p className="usa-alert__text">{formCopy.stale}</p>
            {onReload ? (
              <Button onClick={onReload} className="margin-top-1">
                {formCopy.reload}
              </Button>
            ) : null}
          </Alert>
        </div>
      ) : null}
      {failure?.kind === 'problem' ? <ProblemDetails problem={failure.problem} /> : null}
      <OrderFormContext value={state}>
        {definitions.length > 1 ? (
          <FormSection title={copy.revisionSection}>
            <p className="usa-hint">{copy.revisionHint}</p>
            <RadioField path="form.revision" legend={formCopy.revision} options={revisions} />
          </FormSection>
        ) : null}
        {(definition.sections ?? []).map((section) => {
          const fields = section.fields ?? []
          if (!section.repeat) {
            return (
              <FormSection key={section.name} title={section.name}>
                <SectionFields fields={fields} section={section.name} boxed={boxed} />
              </FormSection>
            )
          }
          const own = fields.filter((f) => f.path.includes('[]'))
          const others = fields.filter((f) => !f.path.includes('[]'))
          return (
            <FormSection key={section.name} title={section.name}>
              {Array.from({ length: persons }, (_, i) => (
                <fieldset key={i} className="usa-fieldset ccpor-person">
                  <legend className="usa-legend">{copy.person(i + 1)}</legend>
                  <SectionFields fields={own} section={section.name} boxed={boxed} person={i} />
                  {persons > 1 ? (
                    <Button variant="outline" onClick={() => removePerson(i)} className="margin-top-2">
                      {copy.removePerson(i + 1)}
                    </Button>
                  ) : null}
                </fieldset>
              ))}
              {persons < 20 ? (
                <Button variant="secondary" className="margin-top-2" onClick={addPerson}>
                  {copy.addPerson}
                </Button>
              ) : null}
              <SectionFields fields={others} section={section.name} boxed={boxed} />
            </FormSection>
          )
        })}
      </OrderFormContext>
      <div className="usa-button-group margin-top-4 ccpor-no-print">
        {actions.map((action, index) => (
          <Button
            key={action}
            type={index === actions.length - 1 ? 'submit' : 'button'}
            variant={index === actions.length - 1 ? 'primary' : 'outline'}
            onClick={index === actions.length - 1 ? undefined : () => void run(action)}
            disabled={pending}
          >
            {pending ? formCopy.saving : actionLabel(action)}
          </Button>
        ))}
      </div>
    </form>
  )
}
