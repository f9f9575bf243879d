// @vitest-environment node
// The layout rules of docs/style.md, checked so they hold as the app grows: USWDS components
// only through src/components/uswds, features independent of each other, shared code
// independent of features, and no barrel files.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : []
  })
}

const files = sourceFiles(SRC).map((path) => ({
  path: relative(SRC, path).split(sep).join('/'),
  imports: [...readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!),
}))

function violations(rule: (file: { path: string; imports: string[] }) => string[]): string[] {
  return files.flatMap((file) => rule(file).map((what) => `${file.path}: ${what}`))
}

describe('source layout', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10)
  })

  it('uses @trussworks/react-uswds only through src/components/uswds', () => {
    expect(
      violations(({ path, imports }) =>
        path.startsWith('components/uswds/') ? [] : imports.filter((i) => i.startsWith('@trussworks/')),
      ),
    ).toEqual([])
  })

  it('imports no feature from another feature', () => {
    expect(
      violations(({ path, imports }) => {
        const own = /^features\/([^/]+)\//.exec(path)?.[1]
        if (!own) return []
        return imports.filter((i) => {
          const other = /^@\/features\/([^/]+)/.exec(i)?.[1]
          return (other !== undefined && other !== own) || i.includes('../')
        })
      }),
    ).toEqual([])
  })

  it('keeps shared code free of features and of the app', () => {
    expect(
      violations(({ path, imports }) =>
        path.startsWith('app/') || path.startsWith('features/') || path === 'main.tsx' || path.startsWith('testing/')
          ? []
          : imports.filter((i) => i.startsWith('@/features/') || i.startsWith('@/app/')),
      ),
    ).toEqual([])
  })

  it('keeps each feature’s copy to that feature, and src/copy to the words every page shares', () => {
    const copyOf = (i: string) => /^@\/features\/([^/]+)\/(?:.*\/)?copy$/.exec(i)?.[1]
    expect(
      violations(({ path, imports }) => {
        const own = /^features\/([^/]+)\//.exec(path)?.[1]
        return imports.filter((i) => {
          const feature = copyOf(i)
          return feature !== undefined && feature !== own
        })
      }),
    ).toEqual([])
    // Features take the shared words through their own copy module, never from src/copy directly.
    expect(
      violations(({ path, imports }) =>
        /^features\/[^/]+\/(?:.*\/)?copy\.ts$/.test(path) || !path.startsWith('features/')
          ? []
          : imports.filter((i) => i.startsWith('@/copy/')),
      ),
    ).toEqual([])
  })

  it('finds a copy module in every feature that shows words', () => {
    const features = new Set(files.map((f) => /^features\/([^/]+)\//.exec(f.path)?.[1]).filter(Boolean))
    const withCopy = new Set(files.map((f) => /^features\/([^/]+)\/copy\.ts$/.exec(f.path)?.[1]).filter(Boolean))
    expect([...features].filter((f) => !withCopy.has(f))).toEqual([])
  })

  it('has no barrel files', () => {
    expect(files.map((f) => f.path).filter((p) => /(^|\/)index\.tsx?$/.test(p))).toEqual([])
  })
})
