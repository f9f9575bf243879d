import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { Button } from '@/components/uswds/button'
import { en } from '@/features/orders/copy'
import {
  contentUrl,
  downloadUrl,
  openImage,
  PAGE_WIDTH,
  pageUrl,
  THUMBNAIL_WIDTH,
  type OrderImage,
} from '@/features/orders/images/images-api'

const copy = en.orders.images
// pdf.js is a large library: it loads with the first PDF opened, never with the app.
const PdfPages = lazy(() => import('@/features/orders/images/pdf-pages'))

/** ZOOMS are the zoom levels, in percent of the viewer's page width. */
export const ZOOMS = [50, 75, 100, 125, 150, 200]
const VIEW_WIDTH = 760

type ViewerProps = { orderId: string; image: OrderImage; onClose: () => void }

/**
 * ImageViewer shows one image: the current page with zoom, a thumbnail of every
 * page, print and download. Opening it records one view; its pages and bytes are
 * fetched under that view's token.
 */
export function ImageViewer({ orderId, image, onClose }: ViewerProps) {
  const opened = useQuery({
    queryKey: ['image-view', orderId, image.id],
    queryFn: () => openImage(orderId, image.id),
    staleTime: 10 * 60 * 1000,
    gcTime: 0,
  })
  const heading = useRef<HTMLHeadingElement>(null)
  const [page, setPage] = useState(1)
  const [pages, setPages] = useState(image.pages)
  const [zoom, setZoom] = useState(100)
  const [printing, setPrinting] = useState(false)
  const [printImages, setPrintImages] = useState<string[] | null>(null)
  useEffect(() => heading.current?.focus(), [image.id])
  const isPdf = image.mediaType === 'application/pdf'
  const token = opened.data?.viewToken ?? ''
  const width = Math.round((VIEW_WIDTH * zoom) / 100)
  const onPages = useCallback((n: number) => setPages(n), [])

  // Print: every page as an image in the print container, then the browser's dialog.
  function print() {
    if (isPdf) {
      setPrinting(true)
      return
    }
    setPrintImages(Array.from({ length: pages }, (_, i) => pageUrl(orderId, image.id, i + 1, PAGE_WIDTH, token)))
  }
  useEffect(() => {
    if (!printImages) return
    const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.ccpor-image-print img'))
    // Every page loaded (decoded) before the dialog, or it prints blank pages.
    const ready = (img: HTMLImageElement) =>
      img.complete || typeof img.decode !== 'function' ? Promise.resolve() : img.decode().catch(() => undefined)
    void Promise.all(imgs.map(ready)).then(() => {
      document.body.classList.add('ccpor-printing-image')
      window.print()
      document.body.classList.remove('ccpor-printing-image')
      setPrintImages(null)
      setPrinting(false)
    })
  }, [printImages])

  const go = (p: number) => setPage(Math.min(Math.max(1, p), pages))
  return (
    <section className="ccpor-viewer margin-top-3" aria-labelledby="image-viewer-heading">
      <h3 id="image-viewer-heading" ref={heading} tabIndex={-1}>
        {copy.viewerHeading(image.fileName)}
      </h3>
      <div className="ccpor-viewer__toolbar ccpor-no-print" role="toolbar" aria-label={copy.viewerHeading(image.fileName)}>
        <Button variant="outline" onClick={() => go(page - 1)} disabled={page <= 1}>
          {copy.previous}
        </Button>
        <span aria-live="polite" data-testid="viewer-page">
          {copy.page(page, pages)}
        </span>
        <Button variant="outline" onClick={() => go(page + 1)} disabled={page >= pages}>
          {copy.next}
        </Button>
        <Button variant="outline" onClick={() => setZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(zoom) - 1)] ?? zoom)} disabled={zoom === ZOOMS[0]}>
          {copy.zoomOut}
        </Button>
        <span aria-live="polite" data-testid="viewer-zoom">
          {copy.zoom} {copy.zoomLevel(zoom)}
        </span>
        <Button
          variant="outline"
          onClick={() => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(zoom) + 1)] ?? zoom)}
          disabled={zoom === ZOOMS[ZOOMS.length - 1]}
        >
          {copy.zoomIn}
        </Button>
        <Button variant="outline" onClick={print} disabled={!token}>
          {copy.print}
        </Button>
        <a className="usa-button usa-button--outline" href={downloadUrl(orderId, image.id)} download>
          {copy.download}
        </a>
        <Button variant="outline" onClick={onClose}>
          {copy.close}
        </Button>
      </div>
      {!token ? (
        <p>{en.loading}</p>
      ) : isPdf ? (
        <Suspense fallback={<p>{copy.loadingPdf}</p>}>
          <PdfPages
            url={contentUrl(orderId, image.id, token)}
            name={image.fileName}
            page={page}
            width={width}
            onPages={onPages}
            onPage={go}
            printing={printing}
            onPrintable={setPrintImages}
          />
        </Suspense>
      ) : (
        <div className="ccpor-viewer__body">
          <ol className="ccpor-viewer__thumbs" aria-label={copy.thumbnails}>
            {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
              <li key={p}>
                <button
                  type="button"
                  className={`ccpor-viewer__thumb${p === page ? ' ccpor-viewer__thumb--current' : ''}`}
                  aria-label={copy.thumbnail(p)}
                  aria-current={p === page ? 'page' : undefined}
                  onClick={() => go(p)}
                >
                  <img src={pageUrl(orderId, image.id, p, THUMBNAIL_WIDTH, token)} alt="" width={THUMBNAIL_WIDTH} loading="lazy" />
                </button>
              </li>
            ))}
          </ol>
          <div className="ccpor-viewer__page" tabIndex={0} role="region" aria-label={copy.pageRegion}>
            <img
              src={pageUrl(orderId, image.id, page, PAGE_WIDTH, token)}
              alt={copy.pageAlt(page, image.fileName)}
              style={{ width: `${width}px` }}
              data-testid="viewer-image"
            />
          </div>
        </div>
      )}
      {printImages ? (
        <div className="ccpor-image-print">
          {printImages.map((src, i) => (
            <img key={i} src={src} alt={copy.pageAlt(i + 1, image.fileName)} />
          ))}
        </div>
      ) : null}
    </section>
  )
}
