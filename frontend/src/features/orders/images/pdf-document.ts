// pdf.js, loaded only when a PDF is opened (this module is imported lazily), with
// its worker as a file of the build: the server's CSP worker-src names that file
// and nothing else. Scripts inside PDFs never run (pdf.js runs none; the server refuses PDFs
// that carry them).
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

GlobalWorkerOptions.workerSrc = workerUrl

export type PdfDocument = PDFDocumentProxy

/** openPdf loads the PDF at url (the session cookie goes along; Range is used). */
export async function openPdf(url: string): Promise<PdfDocument> {
  return getDocument({ url, withCredentials: true, enableXfa: false }).promise
}

/** renderPage draws page (from 1) into canvas at width CSS pixels; it returns the height. */
export async function renderPage(doc: PdfDocument, page: number, canvas: HTMLCanvasElement, width: number): Promise<void> {
  const p = await doc.getPage(page)
  const unscaled = p.getViewport({ scale: 1 })
  const ratio = window.devicePixelRatio || 1
  const viewport = p.getViewport({ scale: (width / unscaled.width) * ratio })
  canvas.width = Math.floor(viewport.width)
  canvas.height = Math.floor(viewport.height)
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`
  await p.render({ canvas, viewport }).promise
}
