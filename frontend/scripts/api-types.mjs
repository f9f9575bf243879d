// Generates src/api/schema.d.ts from ../openapi/openapi.yaml with openapi-typescript.
// With --check it generates into a temporary file instead and fails when the committed
// file differs, i.e. when the spec changed and `npm run gen:api` was not run.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const spec = join(root, '..', 'openapi', 'openapi.yaml')
const committed = join(root, 'src', 'api', 'schema.d.ts')
const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js')
const check = process.argv.includes('--check')

if (!existsSync(spec)) {
  console.error(`api-types: ${spec} is missing (the backend writes it: ccpor openapi)`)
  process.exit(1)
}

const scratch = check ? mkdtempSync(join(tmpdir(), 'ccpor-api-')) : null
const output = scratch ? join(scratch, 'schema.d.ts') : committed
try {
  const run = spawnSync(process.execPath, [cli, spec, '--output', output], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  })
  if (run.status !== 0) {
    console.error(`api-types: openapi-typescript failed (exit ${run.status})`)
    process.exit(1)
  }
  if (!check) {
    console.log(`api-types: wrote ${committed}`)
  } else if (!existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(output, 'utf8')) {
    console.error('api-types: src/api/schema.d.ts is stale against openapi/openapi.yaml: run `npm run gen:api` and commit it')
    process.exit(1)
  } else {
    console.log('api-types: src/api/schema.d.ts matches openapi/openapi.yaml')
  }
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
}
