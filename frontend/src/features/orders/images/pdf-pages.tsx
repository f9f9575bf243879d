// The PDF half of the viewer, in its own chunk with pdf.js: the current page at the
// chosen zoom and a thumbnail of every page.
import { useEffect, useRef, useState } from 'react'
import { en } from '@/features/orders/copy'
import { openPdf, renderPage, type PdfDocument } from '@/features/orders/images/pdf-document'
import { THUMBNAIL_WIDTH } from '@/features/orders/images/images-api'

const copy = en.orders.images

type PdfPagesProps = {
  url: string
  name: string
  page: number
  width: number
  onPages: (pages: number) => void
  onPage: (page: number) => void
  /** printing asks for every page as an image, for the print container. */
  onPrintable?: (images: string[]) => void
  printing: boolean
}

function PdfCanvas({ doc, page, width, label }: { doc: PdfDocument; page: number; width: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (ref.current) void renderPage(doc, page, ref.current, width)
  }, [doc, page, width])
  return label ? (
    <canvas ref={ref} role="img" aria-label={label} data-testid={`pdf-page-${page}`} />
  ) : (
    <canvas ref={ref} aria-hidden="true" />
  )
}

/** PdfPages shows a PDF with pdf.js. */
export default function PdfPages({ url, name, page, width, onPages, onPage, onPrintable, printing }: PdfPagesProps) {
  const [doc, setDoc] = useState<PdfDocument | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let current: PdfDocument | null = null
    openPdf(url)
      .then((d) => {
        current = d
        setDoc(d)
        onPages(d.numPages)
      })
      .catch(() => setFailed(true))
    return () => void current?.loadingTask.destroy()
  }, [url, onPages])
  useEffect(() => {
    if (!printing || !doc || !onPrintable) return
    void (async () => {
      const images: string[] = []
      for (let p = 1; p <= doc.numPages; p++) {
        const canvas = document.createElement('canvas')
        await renderPage(doc, p, canvas, 1275)
        images.push(canvas.toDataURL('image/png'))
      }
      onPrintable(images)
    })()
  }, [printing, doc, onPrintable])

  if (failed) return <p className="usa-error-message">{copy.pdfFailed}</p>
  if (!doc) return <p>{copy.loadingPdf}</p>
  return (
    <div className="ccpor-viewer__body">
      <ol className="ccpor-viewer__thumbs" aria-label={copy.thumbnails}>
        {Array.from({ length: doc.numPages }, (_, i) => i + 1).map((p) => (
          <li key={p}>
            <button
              type="button"
              className={`ccpor-viewer__thumb${p === page ? ' ccpor-viewer__thumb--current' : ''}`}
              aria-label={copy.thumbnail(p)}
              aria-current={p === page ? 'page' : undefined}
              onClick={() => onPage(p)}
            >
              <PdfCanvas doc={doc} page={p} width={THUMBNAIL_WIDTH} label="" />
            </button>
          </li>
        ))}
      </ol>
      <div className="ccpor-viewer__page" tabIndex={0} role="region" aria-label={copy.pageRegion}>
        <PdfCanvas doc={doc} page={page} width={width} label={copy.pageAlt(page, name)} />
      </div>
    </div>
  )
}
