import type { Me } from '@/features/session/api/get-me'

export const ALAMEDA = { id: '0b7c3f5e-0000-4000-8000-000000000001', name: 'Superior Court of California, County of Alameda' }
export const FRESNO = { id: '0b7c3f5e-0000-4000-8000-000000000002', name: 'Superior Court of California, County of Fresno' }

/** me is a GET /me body for a clerk of Alameda who is also a help desk agent of Fresno. */
export function me(overrides: Partial<Me> = {}, now: number = Date.now()): Me {
  return {
    user: { id: 'u-1', username: 'mgarcia', displayName: 'Maria Garcia', email: 'mgarcia@alameda.courts.ca.gov' },
    activeCourt: ALAMEDA,
    courts: [
      { ...ALAMEDA, roles: ['clerk', 'judicial_officer'] },
      { ...FRESNO, roles: ['helpdesk'] },
    ],
    cletsCurrent: true,
    csrfToken: 'csrf-token-1',
    session: {
      idleExpiresAt: new Date(now + 15 * 60_000).toISOString(),
      absoluteExpiresAt: new Date(now + 8 * 3600_000).toISOString(),
      idleTimeoutSeconds: 900,
    },
    ...overrides,
  }
}
