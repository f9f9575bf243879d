// An order of any form shown as its form lays it out: the definition's sections
// in the printed order, each field under its item number and label.
import { en } from '@/features/orders/copy'
import type { Order } from '@/features/orders/api/types'
import { Facts, type Fact } from '@/features/orders/components/facts'
import { usDate } from '@/features/orders/components/format'
import { keyOf, valueAt, type FormDefinition, type FormField } from '@/features/orders/forms/form-definitions'

const copy = en.orders.typed

/**
 * itemLabel is a field's label as the form prints it, after its item number;
 * the caption, signature and officer's blocks have no number.
 */
export function itemLabel(field: FormField): string {
  return field.item && /^\d/.test(field.item) ? `${copy.item(field.item)}: ${field.label}` : field.label
}

/** shownValue is a field's value as read: dates as printed, choices named, orders made or not. */
export function shownValue(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return ''
  switch (field.kind) {
    case 'boolean':
      if (value !== true) return ''
      return field.path.startsWith('conditions.') ? en.orders.detail.ordered : en.orders.yes
    case 'date':
      return usDate(String(value))
    case 'lines':
      return Array.isArray(value) ? value.join('; ') : String(value)
    case 'choice':
      return copy.choices[String(value)] ?? String(value)
    default:
      return String(value)
  }
}

/** TypedOrderView shows an order's version in the sections of its form. */
export function TypedOrderView({ order, definition }: { order: Order; definition: FormDefinition }) {
  const c = order.content
  const rows = (fields: FormField[], person?: number): Fact[] =>
    fields.map((field) => {
      const key = person === undefined ? field.path : keyOf(field.path, person)
      const masked = field.path === 'protectedPersons[].address' && person !== undefined && c.protectedPersons?.[person]?.addressMasked
      return [itemLabel(field), masked ? en.orders.masked : shownValue(field, valueAt(c, key))]
    })
  return (
    <div className="ccpor-order-view" data-testid="typed-order-view">
      {(definition.sections ?? []).map((section) => (
        <section key={section.name} className="ccpor-order-section" aria-label={section.name}>
          <h2 className="font-heading-md margin-bottom-1">{section.name}</h2>
          {section.repeat ? (
            (c.protectedPersons ?? []).map((_, i) => (
              <div key={i} data-testid={`protected-person-${i + 1}`}>
                <h3 className="font-heading-sm margin-bottom-05">{copy.person(i + 1)}</h3>
                <Facts rows={rows(section.fields ?? [], i)} />
              </div>
            ))
          ) : (
            <Facts wide rows={rows(section.fields ?? [])} />
          )}
        </section>
      ))}
      <section className="ccpor-order-section" aria-label={en.orders.form.revision}>
        <h2 className="font-heading-md margin-bottom-1">{en.orders.form.revision}</h2>
        <Facts
          rows={[
            [en.orders.form.revision, `${definition.number} ${definition.title} (${copy.revision(definition.revision)})`],
            [en.orders.detail.pcoCodes, (order.pcoCodes ?? []).join(', ')],
          ]}
        />
      </section>
    </div>
  )
}
