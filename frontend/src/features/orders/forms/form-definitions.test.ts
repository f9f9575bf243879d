import { describe, expect, it } from 'vitest'
import { fieldOfError, fieldsOf, toTypedContent, type FormDefinition } from '@/features/orders/forms/form-definitions'

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
        { path: 'conditions.stayAway.yards', label: 'Stay-away order: yards', kind: 'number', item: '12', required: true },
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
