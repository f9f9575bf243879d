// Order images against a running server, as a demo clerk: an order made through the
// API, a three-page TIFF dropped on the page and a PDF chosen, a program renamed .pdf
// refused, then the viewer (every TIFF page, zoom, thumbnails; the PDF drawn by
// pdf.js in its worker), print and download. Each screen is checked by axe and
// screenshot.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { appUrl, baseUrl, checkA11y, launch, login, newPage, screenshot } from './support.mjs'

const CASE = `IMG${Date.now().toString(36).toUpperCase()}`

/** tiff is an uncompressed 8-bit gray TIFF with one w×h page per level, each with a dark band. */
function tiff(w, h, levels) {
  const entries = 9
  const ifdSize = 2 + entries * 12 + 4
  const size = 8 + levels.length * (ifdSize + w * h)
  const b = Buffer.alloc(size)
  b.write('II*\0', 0, 'latin1')
  b.writeUInt32LE(8, 4)
  let off = 8
  levels.forEach((level, i) => {
    const pixels = off + ifdSize
    b.writeUInt16LE(entries, off)
    const tags = [
      [256, 4, w], [257, 4, h], [258, 3, 8], [259, 3, 1], [262, 3, 1],
      [273, 4, pixels], [277, 3, 1], [278, 4, h], [279, 4, w * h],
    ]
    tags.forEach(([tag, type, value], j) => {
      const at = off + 2 + j * 12
      b.writeUInt16LE(tag, at)
      b.writeUInt16LE(type, at + 2)
      b.writeUInt32LE(1, at + 4)
      b.writeUInt32LE(value, at + 8)
    })
    b.writeUInt32LE(i < levels.length - 1 ? pixels + w * h : 0, off + 2 + entries * 12)
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const band = y > h * (0.1 + 0.1 * i) && y < h * (0.15 + 0.1 * i)
        b[pixels + y * w + x] = band ? 20 : level
      }
    }
    off = pixels + w * h
  })
  return b
}

/** pdf is a one-page PDF that says text, with a correct cross-reference table. */
function pdf(text) {
  const stream = `BT /F1 28 Tf 72 700 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ]
  let out = '%PDF-1.4\n'
  const offsets = []
  objects.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

describe('order images', () => {
  let browser
  let page
  let orderId

  before(async () => {
    baseUrl()
    browser = await launch()
    page = await newPage(browser)
    await login(page, 'clerk')
    const me = await (await page.request.get(appUrl('api/v1/me'))).json()
    const issued = new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10)
    const created = await page.request.post(appUrl('api/v1/orders'), {
      headers: { 'X-CSRF-Token': me.csrfToken },
      data: {
        type: 'criminal_protective_order',
        form: { number: 'CR-160', revision: '2023-03-01' },
        caseNumber: CASE,
        orderKind: 'pending_trial',
        caption: { courtName: 'Superior Court of California, County of Riverside' },
        issuedOn: issued,
        restrainedPerson: { name: 'Marc Jones', sex: 'M', dob: '1981-11-21', heightInches: 73, weightPounds: 260, hair: 'BRO', eyes: 'BRO' },
        protectedPersons: [{ name: 'Mary Smith', sex: 'F', dob: '1977-01-01', address: '123 Main Street, Riverside, CA 92501' }],
        conditions: { noAbuse: true, noContact: true },
      },
    })
    assert.equal(created.status(), 201, await created.text())
    orderId = (await created.json()).id
  })

  after(async () => {
    await browser?.close()
  })

  test('a clerk drops a three-page TIFF and chooses a PDF; a program renamed .pdf is refused', async () => {
    await page.goto(appUrl(`orders/${orderId}`))
    await page.getByRole('heading', { level: 2, name: 'Images of the order' }).waitFor()
    await page.getByText('No image is attached to this order yet.').waitFor()
    await checkA11y(page, 'order-images-empty')

    // Drag and drop: a DataTransfer holding the file, dropped on the zone.
    const bytes = [...tiff(850, 1100, [250, 235, 220])]
    const dropped = await page.evaluateHandle((data) => {
      const dt = new DataTransfer()
      dt.items.add(new File([new Uint8Array(data)], 'scan.tif', { type: 'image/tiff' }))
      return dt
    }, bytes)
    await page.getByTestId('image-drop-zone').dispatchEvent('drop', { dataTransfer: dropped })
    await page.getByText('Chosen: scan.tif').waitFor()
    await page.getByRole('button', { name: 'Attach' }).click()
    await page.getByText('scan.tif was attached.').waitFor()

    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: pdf('CR-160 signed by the court') })
    await page.getByRole('button', { name: 'Attach' }).click()
    await page.getByText('order.pdf was attached.').waitFor()

    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'order2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 this is a program', 'latin1') })
    await page.getByRole('button', { name: 'Attach' }).click()
    await page.getByRole('heading', { name: 'The file was not attached' }).waitFor()
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ccpor-error-summary')), true)
    assert.match(await page.locator('#image-file-error').innerText(), /is a program, not a document/)
    await checkA11y(page, 'order-images-refused')
    await screenshot(page, 'order-images-refused')
    const rows = page.getByRole('table', { name: 'Images attached to this order' }).getByRole('row')
    assert.equal(await rows.count(), 3) // the header and two images
    // The refusal's 422 is the one console error expected here.
    assert.deepEqual(page.problems.filter((p) => !/status of 422/.test(p)), [])
    page.problems.length = 0
  })

  test('the viewer shows every TIFF page with thumbnails and zoom, prints and downloads', async () => {
    await page.getByRole('button', { name: 'View scan.tif' }).click()
    const viewer = page.getByRole('region', { name: 'Image: scan.tif' })
    await viewer.waitFor()
    await viewer.getByRole('button', { name: 'Show page 3' }).waitFor()
    const thumbs = viewer.getByRole('list', { name: 'Pages' }).locator('img')
    assert.equal(await thumbs.count(), 3)
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.ccpor-viewer img')].every((img) => img.complete && img.naturalWidth > 0),
    )
    await viewer.getByRole('button', { name: 'Show page 3' }).click()
    await viewer.getByText('Page 3 of 3').waitFor()
    await viewer.getByRole('button', { name: 'Zoom out' }).click()
    await viewer.getByText('Zoom 75%').waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="viewer-image"]')
      return img?.complete && img.naturalWidth > 0 && /pages\/3/.test(img.src)
    })
    await checkA11y(page, 'image-viewer-tiff')
    await viewer.scrollIntoViewIfNeeded()
    await screenshot(page, 'image-viewer-tiff')

    await page.evaluate(() => {
      window.printed = 0
      window.print = () => {
        window.printed = document.querySelectorAll('.ccpor-image-print img').length
      }
    })
    await viewer.getByRole('button', { name: 'Print the image' }).click()
    await page.waitForFunction(() => window.printed === 3)

    const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('link', { name: 'Download' }).click()])
    assert.match(download.suggestedFilename(), /^order-[0-9a-f]{8}-[0-9a-f]{8}\.tif$/)
  })

  test('a PDF is drawn by pdf.js in its worker, which the CSP names alone', async () => {
    const res = await page.request.get(appUrl(`orders/${orderId}`))
    const csp = res.headers()['content-security-policy']
    assert.match(csp, /worker-src http:\/\/127\.0\.0\.1:\d+\/ccpor\/assets\/pdf\.worker\.min-[\w-]+\.mjs(;|$)/)
    await page.getByRole('button', { name: 'Close the viewer' }).click()
    await page.getByRole('button', { name: 'View order.pdf' }).click()
    const viewer = page.getByRole('region', { name: 'Image: order.pdf' })
    await viewer.getByRole('img', { name: 'Page 1 of order.pdf' }).waitFor({ timeout: 20_000 })
    await page.waitForFunction(() => {
      const canvas = document.querySelector('[data-testid="pdf-page-1"]')
      if (!canvas || canvas.width === 0) return false
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) return true // some dark text
      return false
    }, undefined, { timeout: 20_000 })
    assert.ok(page.workers().some((w) => /pdf\.worker\.min-/.test(w.url())), `workers: ${page.workers().map((w) => w.url())}`)
    await checkA11y(page, 'image-viewer-pdf')
    await viewer.scrollIntoViewIfNeeded()
    await screenshot(page, 'image-viewer-pdf')
    assert.deepEqual(page.problems, [])
  })
})
