// @trussworks/react-uswds ships as one ES module that a bundler cannot tree-shake: its
// forwardRef(...) and memo(...) calls carry no /* @__PURE__ */ mark, and its Icon class
// fills itself in `static {}` blocks, which count as side effects. So importing one
// component pulled in the whole library (~45 KB gzipped: modal, date picker, 240 icons).
// This plugin adds the marks the library's own build left out, and says that it and
// its focus-trap dependencies do nothing when merely imported; nothing else changes.
// If a new version changes the shape of the file, the build fails here: look again.
import type { Plugin } from 'vite'

const LIBRARY = /[\\/]@trussworks[\\/]react-uswds[\\/]lib[\\/]index\.js$/
// Its modal's focus trap: pure modules, only needed where a modal is used.
const FOCUS_TRAP = /[\\/]node_modules[\\/](focus-trap|focus-trap-react|tabbable)[\\/]/

/** localName finds what the library calls an export of "react" (e.g. forwardRef as n). */
function localName(code: string, exported: string): string {
  const reactImport = /import\s+[^;]*?\{([^}]*)\}\s*from\s*"react";/.exec(code)?.[1] ?? ''
  const binding = reactImport
    .split(',')
    .map((part) => part.trim().split(/\s+as\s+/))
    .find(([name]) => name === exported)
  if (!binding) throw new Error(`treeshake-trussworks: no import of ${exported} from "react"`)
  return binding[1] ?? binding[0]!
}

/**
 * markPure puts a pure mark on every top-level declaration initialised by a call of
 * `fn`. Only unindented lines are top level in this file; inside functions the short
 * name may be shadowed by a parameter, so those lines are left alone.
 */
function markPure(code: string, fn: string): { code: string; count: number } {
  let count = 0
  const call = new RegExp(`((?:^|[\\s,])[\\w$]+ = )${fn.replace(/\$/g, '\\$')}\\(`, 'g')
  const lines = code.split('\n').map((line) => {
    if (/^\s/.test(line)) return line
    return line.replace(call, (_match, before: string) => {
      count += 1
      return `${before}/* @__PURE__ */ ${fn}(`
    })
  })
  return { code: lines.join('\n'), count }
}

export function treeshakeTrussworks(): Plugin {
  return {
    name: 'ccpor:treeshake-trussworks',
    apply: 'build',
    transform(code, id) {
      if (FOCUS_TRAP.test(id)) return { code, map: null, moduleSideEffects: false }
      if (!LIBRARY.test(id)) return null
      let out = code
      let marked = 0
      for (const exported of ['forwardRef', 'memo']) {
        const result = markPure(out, localName(out, exported))
        out = result.code
        marked += result.count
      }
      // `X = class { static { this.A = U(a); } ... }` → a pure IIFE returning the class.
      const iconClass = /([\w$]+ = )class \{((?:\s*static \{\s*this\.[\w$]+ = [\w$]+\([\w$]+\);\s*\})+)\s*\}/
      if (!iconClass.test(out) || marked < 200) {
        throw new Error(`treeshake-trussworks: ${id} no longer has the expected shape (marked ${marked} calls)`)
      }
      out = out.replace(iconClass, '$1/* @__PURE__ */ (() => class {$2\n})()')
      return { code: out, map: null, moduleSideEffects: false }
    },
  }
}
