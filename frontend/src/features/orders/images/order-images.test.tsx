import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, stubApi } from '@/testing/api'
import { order, orderResponse, ORDER_ID } from '@/testing/orders'
import { renderApp } from '@/testing/render-app'
import { ALAMEDA, me } from '@/testing/session'

const ORDER = `/orders/${ORDER_ID}`
const IMAGE_ID = '9a000000-0000-4000-8000-0000000000b1'
const scan = {
  id: IMAGE_ID,
  orderId: ORDER_ID,
  version: 1,
  purpose: 'order',
  fileName: 'signed order.tif',
  mediaType: 'image/tiff',
  size: 2_400_000,
  pages: 3,
  width: 2550,
  height: 3300,
  sha256: 'ab'.repeat(32),
  createdAt: '2026-11-20T17:00:00Z',
  createdBy: 'u-1',
}

function stubOrder(images: unknown[] = [scan], extra: Record<string, (request: Request) => Response> = {}) {
  return stubApi({
    'GET /me': () => jsonResponse(200, me()),
    [`GET ${ORDER}`]: () => orderResponse(200, order()),
    [`GET ${ORDER}/versions`]: () => jsonResponse(200, { versions: [] }),
    [`GET ${ORDER}/images`]: () => jsonResponse(200, { images }),
    [`GET ${ORDER}/images/${IMAGE_ID}`]: () => jsonResponse(200, { ...scan, viewToken: '123.abc' }),
    ...extra,
  })
}

/** FakeUpload stands for XMLHttpRequest: it records the request and answers when told. */
class FakeUpload {
  static last: FakeUpload | null = null
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  status = 0
  statusText = ''
  responseText = ''
  withCredentials = false
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value
  }
  send(body: unknown) {
    this.body = body
    FakeUpload.last = this
  }
  answer(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

afterEach(() => {
  FakeUpload.last = null
})

describe('the images of an order', () => {
  it('lists them and shows one: every page as a thumbnail, the page at a zoom, one view opened', async () => {
    const { calls } = stubOrder()
    const { user } = renderApp(ORDER)
    const table = await screen.findByRole('table', { name: 'Images attached to this order' }, { timeout: 5000 })
    expect(table).toHaveTextContent('Signed order (TIFF)')
    expect(table).toHaveTextContent('2.3 MB')
    await user.click(within(table).getByRole('button', { name: 'View signed order.tif' }))

    const viewer = await screen.findByRole('region', { name: 'Image: signed order.tif' })
    expect(screen.getByRole('heading', { name: 'Image: signed order.tif' })).toHaveFocus()
    const thumbs = within(viewer).getByRole('list', { name: 'Pages' })
    await waitFor(() => expect(within(thumbs).getAllByRole('button')).toHaveLength(3))
    const thumbImgs = thumbs.querySelectorAll('img')
    expect(thumbImgs[2]?.getAttribute('src')).toMatch(new RegExp(`/images/${IMAGE_ID}/pages/3\\?width=160&view=123.abc$`))

    const page = within(viewer).getByRole('img', { name: 'Page 1 of signed order.tif' })
    expect(page.getAttribute('src')).toMatch(/\/pages\/1\?width=1275&view=123\.abc$/)
    expect(page).toHaveStyle({ width: '760px' })
    await user.click(within(viewer).getByRole('button', { name: 'Zoom in' }))
    expect(within(viewer).getByTestId('viewer-zoom')).toHaveTextContent('Zoom 125%')
    expect(within(viewer).getByRole('img', { name: 'Page 1 of signed order.tif' })).toHaveStyle({ width: '950px' })

    await user.click(within(thumbs).getByRole('button', { name: 'Show page 3' }))
    expect(within(viewer).getByTestId('viewer-page')).toHaveTextContent('Page 3 of 3')
    expect(within(viewer).getByRole('button', { name: 'Next page' })).toBeDisabled()
    expect(within(viewer).getByRole('link', { name: 'Download' }).getAttribute('href')).toMatch(/\/content\?download=true$/)

    const opened = calls.filter((c) => c.url.endsWith(`/images/${IMAGE_ID}`))
    expect(opened).toHaveLength(1)
  }, 20_000)

  it('prints every page of the image', async () => {
    stubOrder()
    const print = vi.spyOn(window, 'print').mockImplementation(() => {})
    const { user } = renderApp(ORDER)
    await user.click(await screen.findByRole('button', { name: 'View signed order.tif' }, { timeout: 5000 }))
    await user.click(await screen.findByRole('button', { name: 'Print the image' }))
    await waitFor(() => expect(print).toHaveBeenCalledOnce())
  }, 20_000)

  it('uploads a dropped file with its progress, then lists it', async () => {
    let listed: unknown[] = []
    stubOrder([], { [`GET ${ORDER}/images`]: () => jsonResponse(200, { images: listed }) })
    vi.stubGlobal('XMLHttpRequest', FakeUpload)
    const { user } = renderApp(ORDER)
    expect(await screen.findByText('No image is attached to this order yet.')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('What the file is'), 'proof_of_service')
    const file = new File(['%PDF-1.4'], 'proof.pdf', { type: 'application/pdf' })
    fireEvent.drop(screen.getByTestId('image-drop-zone'), { dataTransfer: { files: [file] } })
    expect(screen.getByText('Chosen: proof.pdf')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Attach' }))

    const xhr = FakeUpload.last!
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toMatch(new RegExp(`/orders/${ORDER_ID}/images\\?name=proof.pdf&purpose=proof_of_service$`))
    expect(xhr.body).toBe(file)
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 40, total: 100 })
    expect(await screen.findByText('Sending: 40%')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Attach' })).toBeDisabled()
    listed = [{ ...scan, fileName: 'proof.pdf', purpose: 'proof_of_service', mediaType: 'application/pdf' }]
    xhr.answer(201, listed[0])
    expect(await screen.findByText('proof.pdf was attached.')).toBeInTheDocument()
    expect(await screen.findByRole('button', { name: 'View proof.pdf' })).toBeInTheDocument()
  })

  it('shows a refusal next to the field and in a summary that takes focus; a file is required', async () => {
    stubOrder([])
    vi.stubGlobal('XMLHttpRequest', FakeUpload)
    const { user } = renderApp(ORDER)
    await user.click(await screen.findByRole('button', { name: 'Attach' }))
    const summary = await screen.findByRole('heading', { name: 'The file was not attached' })
    // the summary takes focus once it is drawn (an effect after the render)
    await waitFor(() => expect(summary.closest('.usa-alert')).toHaveFocus())
    expect(screen.getByLabelText('File')).toHaveAccessibleDescription(/Choose a file to attach/)

    await user.upload(screen.getByLabelText('File'), new File(['MZ'], 'order.pdf', { type: 'application/pdf' }))
    await user.click(screen.getByRole('button', { name: 'Attach' }))
    FakeUpload.last!.answer(422, {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'the request has invalid fields',
      errors: [{ location: 'body', message: 'The file is a program, not a document: only PDF, TIFF, JPEG and PNG files are accepted' }],
    })
    const link = await screen.findByRole('link', { name: /is a program, not a document/ })
    await waitFor(() => expect(link.closest('.usa-alert')).toHaveFocus())
    expect(screen.getByLabelText('File')).toHaveAccessibleDescription(/is a program, not a document/)
  })

  it('offers a judicial officer the images to read, and no upload', async () => {
    stubApi({
      'GET /me': () => jsonResponse(200, me({ courts: [{ ...ALAMEDA, roles: ['judicial_officer'] }] })),
      [`GET ${ORDER}`]: () => orderResponse(200, order()),
      [`GET ${ORDER}/versions`]: () => jsonResponse(200, { versions: [] }),
      [`GET ${ORDER}/images`]: () => jsonResponse(200, { images: [scan] }),
    })
    renderApp(ORDER)
    expect(await screen.findByRole('button', { name: 'View signed order.tif' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Attach' })).not.toBeInTheDocument()
  })
})
