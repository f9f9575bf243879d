import { afterEach, describe, expect, it } from 'vitest'
import { apiBaseUrl, normalizeBasePath, readBasePath } from '@/config/base-path'

describe('normalizeBasePath', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    ['', ''],
    ['/', ''],
    ['  ', ''],
    ['/ccpor', '/ccpor'],
    ['/ccpor/', '/ccpor'],
    ['ccpor', '/ccpor'],
    ['/vpn/ccpor//', '/vpn/ccpor'],
  ])('%j → %j', (raw, want) => {
    expect(normalizeBasePath(raw)).toBe(want)
  })
})

describe('readBasePath', () => {
  afterEach(() => {
    document.head.querySelectorAll('meta[name="ccpor-base-path"]').forEach((meta) => meta.remove())
  })

  it('is the root when the server injected no meta tag (vite dev server)', () => {
    expect(readBasePath()).toBe('')
  })

  it('reads the meta tag the server injected', () => {
    document.head.insertAdjacentHTML('beforeend', '<meta name="ccpor-base-path" content="/ccpor">')
    expect(readBasePath()).toBe('/ccpor')
  })

  it('treats empty content as the root', () => {
    document.head.insertAdjacentHTML('beforeend', '<meta name="ccpor-base-path" content="">')
    expect(readBasePath()).toBe('')
  })
})

describe('apiBaseUrl', () => {
  it('puts /api/v1 under the base path, on the page’s origin', () => {
    expect(apiBaseUrl('', 'https://ccpor.example')).toBe('https://ccpor.example/api/v1')
    expect(apiBaseUrl('/ccpor', 'https://vpn.example')).toBe('https://vpn.example/ccpor/api/v1')
  })
})
