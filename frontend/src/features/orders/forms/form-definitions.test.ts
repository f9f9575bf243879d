import { describe, expect, it } from 'vitest'
import type { OrderContent } from '@/features/orders/api/types'
import {
  fieldOfError,
  fieldsOf,
  fromTypedContent,
  requiredMark,
  toTypedContent,
  type FormDefinition,
} from '@/features/orders/forms/form-definitions'
import { itemLabel, shownValue } from '@/features/orders/forms/typed-order-view'

const definition: FormDefinition = {
  number: 'DV-110',
  revision: '2025-01-01',
  title: 'Temporary Restraining Order',
  type: 'domestic_violence',
  kinds: ['temporary'],
  expiry: 'end_of_hearing',
  sections: [
    { name: 'Court', fields: [{ path: 'caseNumber', label: 'Case number', kind: 'text', required: true }] },
    {
      name: 'Protected persons',
      repeat: true,
      fields: [
        { path: 'protectedPersons[].name', label: 'Full name', kind: 'text', item: '1', required: true },
        { path: 'protectedPersons[].age', label: 'Age', kind: 'number', item: '1' },
      ],
    },
    {
      name: 'Orders',
      fields: [
        { path: 'conditions.noContact', label: 'No-contact order', kind: 'boolean', item: '11' },
        { path: 'conditions.stayAway.yards', label: 'Stay-away order: yards', kind: 'number', item: '12', required: true, group: 'conditions.stayAway' },
        { path: 'conditions.otherOrders', label: 'Other orders', kind: 'lines', item: '14' },
      ],
    },
  ],
}

describe('toTypedContent', () => {
  it('builds the typed content of what was entered, per person, with groups only when used', () => {
    const content = toTypedContent(
      definition,
      {
        caseNumber: ' 26DV1 ',
        'protectedPersons.0.name': 'Rosa',
        'protectedPersons.1.name': 'Ana',
        'protectedPersons.1.age': '9',
        'conditions.noContact': true,
        'conditions.otherOrders': 'one\n\n two ',
      },
      2,
    )
    expect(content).toEqual({
      type: 'domestic_violence',
      form: { number: 'DV-110', revision: '2025-01-01' },
      orderKind: 'temporary',
      caseNumber: '26DV1',
      caption: {},
      restrainedPerson: {},
      protectedPersons: [{ name: 'Rosa' }, { name: 'Ana', age: 9 }],
      conditions: { noContact: true, otherOrders: ['one', 'two'] },
    })
  })
})

describe('fieldOfError', () => {
  const keys = new Set(fieldsOf(definition, 1).map((f) => f.key))
  it('finds the field an error names, a missing property, or the group', () => {
    expect(fieldOfError('body.protectedPersons[0].name', 'is required', keys)).toBe('protectedPersons.0.name')
    expect(fieldOfError('body', 'expected required property caseNumber to be present', keys)).toBe('caseNumber')
    expect(fieldOfError('body.conditions.stayAway', 'expected required property yards to be present', keys)).toBe('conditions.stayAway.yards')
    expect(fieldOfError('body', 'caseNumber is required', keys)).toBe('caseNumber')
    expect(fieldOfError('body.conditions.stayAway', 'is wrong', keys)).toBe('conditions.stayAway.yards')
    expect(fieldOfError('body.hearing.date', 'is wrong', keys)).toBeUndefined()
  })
})

describe('fromTypedContent', () => {
  it('fills the form from an order, so that saving it unchanged sends the same content', () => {
    const content = {
      type: 'domestic_violence',
      form: { number: 'DV-110', revision: '2025-01-01' },
      orderKind: 'temporary',
      caseNumber: '26DV1',
      caption: {},
      restrainedPerson: {},
      protectedPersons: [{ name: 'Rosa' }, { name: 'Ana', age: 9 }],
      conditions: { noContact: true, stayAway: { yards: 100 }, otherOrders: ['one', 'two'] },
    }
    const { values, persons } = fromTypedContent(definition, content as unknown as OrderContent)
    expect(persons).toBe(2)
    expect(values).toEqual({
      caseNumber: '26DV1',
      'protectedPersons.0.name': 'Rosa',
      'protectedPersons.1.name': 'Ana',
      'protectedPersons.1.age': '9',
      'conditions.noContact': true,
      'conditions.stayAway.yards': '100',
      'conditions.otherOrders': 'one\ntwo',
    })
    expect(toTypedContent(definition, values, persons)).toEqual(content)
  })
})

describe('requiredMark', () => {
  const marks = { required: '(required)', ifUsed: '(required when this item is used)' }
  const fields = definition.sections!.flatMap((s) => s.fields!)
  it('marks a member of an optional group required only when the group is used', () => {
    expect(requiredMark(fields.find((f) => f.path === 'caseNumber')!, marks)).toBe('(required)')
    expect(requiredMark(fields.find((f) => f.path === 'conditions.stayAway.yards')!, marks)).toBe('(required when this item is used)')
    expect(requiredMark(fields.find((f) => f.path === 'conditions.noContact')!, marks)).toBeUndefined()
  })
})

describe('the order view', () => {
  const fields = definition.sections!.flatMap((s) => s.fields!)
  const field = (path: string) => fields.find((f) => f.path === path)!
  it('labels a field with its item number and shows the value as read', () => {
    expect(itemLabel(field('conditions.noContact'))).toBe('Item 11: No-contact order')
    expect(itemLabel(field('caseNumber'))).toBe('Case number')
    expect(itemLabel({ path: 'caseNumber', label: 'Case number', kind: 'text', item: 'caption' })).toBe('Case number')
    expect(itemLabel(field('protectedPersons[].name'))).toBe('Item 1: Full name')
    expect(shownValue(field('conditions.noContact'), true)).toBe('Ordered')
    expect(shownValue(field('conditions.noContact'), undefined)).toBe('')
    expect(shownValue(field('conditions.otherOrders'), ['one', 'two'])).toBe('one; two')
    expect(shownValue({ path: 'issuedOn', label: 'Date', kind: 'date' }, '2026-11-20')).toBe('11/20/2026')
    expect(shownValue({ path: 'restrainedPerson.sex', label: 'Gender', kind: 'choice', options: ['M', 'F', 'X'] }, 'F')).toBe('Female')
  })
})
