// Order images: list, upload (with progress), open for viewing, and the URLs of an
// image's bytes and pages. The bytes and pages are fetched by the browser itself
// (<img>, pdf.js, a download link) with the session cookie, as GETs.
import { useQuery } from '@tanstack/react-query'
import { api, CSRF_HEADER, currentCsrfToken } from '@/api/client'
import type { components } from '@/api/schema'
import { ApiError, problemFromResponse, unwrap } from '@/api/problem'
import { apiBaseUrl, readBasePath } from '@/config/base-path'
import { useActingCourt } from '@/lib/acting-court'
import { orderKeys } from '@/features/orders/api/read-orders'

export type OrderImage = components['schemas']['Image']
export type Purpose = 'order' | 'proof_of_service'

/** ACCEPT is what the file chooser offers; the server decides from the bytes. */
export const ACCEPT = '.pdf,.tif,.tiff,.jpg,.jpeg,.png,application/pdf,image/tiff,image/jpeg,image/png'

/** THUMBNAIL_WIDTH and PAGE_WIDTH are the widths pages are rendered at. */
export const THUMBNAIL_WIDTH = 160
export const PAGE_WIDTH = 1275

export const imageKeys = {
  list: (court: string | null, orderId: string) => [...orderKeys.all(court), orderId, 'images'] as const,
}

/** useOrderImages lists the images of an order, oldest first. */
export function useOrderImages(orderId: string) {
  const court = useActingCourt()
  return useQuery({
    queryKey: imageKeys.list(court, orderId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/orders/{orderId}/images', { params: { path: { orderId } }, signal }))).images ?? [],
    // The order stands without its images: a failure shows in their section only.
    throwOnError: false,
  })
}

/** openImage records a view and returns the image with the view's token. */
export async function openImage(orderId: string, imageId: string): Promise<OrderImage & { viewToken: string }> {
  return unwrap(api.GET('/orders/{orderId}/images/{imageId}', { params: { path: { orderId, imageId } } }))
}

function base(orderId: string, imageId: string): string {
  return `${apiBaseUrl(readBasePath())}/orders/${encodeURIComponent(orderId)}/images/${encodeURIComponent(imageId)}`
}

/** contentUrl is the image's bytes within a view (no event of its own). */
export function contentUrl(orderId: string, imageId: string, viewToken: string): string {
  return `${base(orderId, imageId)}/content?view=${encodeURIComponent(viewToken)}`
}

/** downloadUrl saves the image: one download event. */
export function downloadUrl(orderId: string, imageId: string): string {
  return `${base(orderId, imageId)}/content?download=true`
}

/** pageUrl is one page of a TIFF, JPEG or PNG rendered as PNG at width pixels. */
export function pageUrl(orderId: string, imageId: string, page: number, width: number, viewToken: string): string {
  return `${base(orderId, imageId)}/pages/${page}?width=${width}&view=${encodeURIComponent(viewToken)}`
}

/**
 * uploadImage sends a file as the body of POST /orders/{id}/images and reports
 * progress (0 to 1). XMLHttpRequest, not fetch: only it reports upload progress.
 * It resolves with the image and whether it was attached already (200), and
 * rejects with an ApiError carrying the server's problem.
 */
export function uploadImage(
  orderId: string,
  file: File,
  purpose: Purpose,
  onProgress: (fraction: number) => void,
): Promise<{ image: OrderImage; duplicate: boolean }> {
  const url = `${apiBaseUrl(readBasePath())}/orders/${encodeURIComponent(orderId)}/images?${new URLSearchParams({ name: file.name, purpose })}`
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    const csrf = currentCsrfToken()
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = null
      }
      if (xhr.status === 200 || xhr.status === 201) {
        onProgress(1)
        resolve({ image: body as OrderImage, duplicate: xhr.status === 200 })
        return
      }
      reject(new ApiError(problemFromResponse(body, new Response(null, { status: xhr.status, statusText: xhr.statusText }))))
    }
    xhr.onerror = () =>
      reject(new ApiError(problemFromResponse(null, new Response(null, { status: 503, statusText: 'Network error' }))))
    xhr.send(file)
  })
}
