// The server may mount the app under a path (e.g. /ccpor behind a web VPN). It says
// which in <meta name="ccpor-base-path" content="/ccpor"> (empty content at the root).

const META_NAME = 'ccpor-base-path'

/** normalizeBasePath turns "/ccpor/", "ccpor" or "/" into "/ccpor" or "" (the root). */
export function normalizeBasePath(raw: string | null | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/\/+$/, '')
  if (trimmed === '') return ''
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`
}

/** readBasePath reads the base path the server injected into the document. */
export function readBasePath(doc: Document = document): string {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${META_NAME}"]`)
  return normalizeBasePath(meta?.content)
}

/** apiBaseUrl is the absolute URL of the API for a base path, on this page's origin. */
export function apiBaseUrl(basePath: string, origin: string = window.location.origin): string {
  return `${origin}${basePath}/api/v1`
}
