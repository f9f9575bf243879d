import { useState } from 'react'
import { Alert } from '@/components/uswds/alert'
import { Button } from '@/components/uswds/button'
import { Table } from '@/components/uswds/table'
import { en } from '@/features/orders/copy'
import { useActingRoles } from '@/lib/acting-court'
import { canEnterOrders } from '@/lib/order-roles'
import { ImageUpload } from '@/features/orders/images/image-upload'
import { ImageViewer } from '@/features/orders/images/image-viewer'
import { useOrderImages, type OrderImage } from '@/features/orders/images/images-api'

const copy = en.orders.images

/** sizeText is a file size as people read it. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

const TYPES: Record<string, string> = { 'application/pdf': 'PDF', 'image/tiff': 'TIFF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' }

/** OrderImages lists an order's images, opens one in the viewer, and attaches new ones (unless readOnly). */
export function OrderImages({ orderId, readOnly = false }: { orderId: string; readOnly?: boolean }) {
  const roles = useActingRoles()
  const images = useOrderImages(orderId)
  const [open, setOpen] = useState<OrderImage | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const list = images.data ?? []
  return (
    <section aria-labelledby="images-heading" className="margin-top-4">
      <h2 id="images-heading" className="ccpor-no-print">
        {copy.heading}
      </h2>
      <p className="ccpor-no-print">{copy.intro}</p>
      <div role="status" className="ccpor-no-print">
        {notice ? <Alert type="success">{notice}</Alert> : null}
      </div>
      {images.isError ? (
        <Alert type="error">{copy.listFailed}</Alert>
      ) : !images.data ? (
        <p>{en.loading}</p>
      ) : list.length === 0 ? (
        <p className="ccpor-no-print">{copy.none}</p>
      ) : (
        <div className="ccpor-no-print">
          <Table
            caption={copy.caption}
            headers={copy.columns}
            rows={list.map((img) => ({
              key: img.id,
              cells: [
                <Button key="v" variant="outline" onClick={() => setOpen(img)}>
                  {copy.view(img.fileName)}
                </Button>,
                `${copy.purposes[img.purpose]} (${TYPES[img.mediaType] ?? img.mediaType})`,
                String(img.pages),
                sizeText(img.size),
                new Date(img.createdAt).toLocaleString('en-US'),
              ],
            }))}
          />
        </div>
      )}
      {open ? <ImageViewer key={open.id} orderId={orderId} image={open} onClose={() => setOpen(null)} /> : null}
      {canEnterOrders(roles) && !readOnly ? <ImageUpload orderId={orderId} onDone={setNotice} /> : null}
    </section>
  )
}
