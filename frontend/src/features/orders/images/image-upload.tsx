import { useRef, useState, type DragEvent, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { isApiError } from '@/api/problem'
import { Button } from '@/components/uswds/button'
import { ErrorSummary } from '@/components/uswds/error-summary'
import { describedBy, ErrorMessage } from '@/components/uswds/form-controls'
import { Select } from '@/components/uswds/select'
import { en } from '@/features/orders/copy'
import { useActingCourt } from '@/lib/acting-court'
import { ACCEPT, imageKeys, uploadImage, type Purpose } from '@/features/orders/images/images-api'

const copy = en.orders.images
const FILE_ID = 'image-file'

/** problemText turns a refused upload into one sentence for the person sending it. */
function problemText(error: unknown): string {
  if (!isApiError(error)) return en.errors.unexpectedTitle
  const p = error.problem
  const fieldMessage = p.errors?.find((e) => e.message)?.message
  if (fieldMessage) {
    if (p.errors?.[0]?.location === 'query.name') return `The file name ${fieldMessage}`
    return fieldMessage
  }
  return p.detail ? p.detail.charAt(0).toUpperCase() + p.detail.slice(1) : (p.title ?? en.errors.unexpectedTitle)
}

/**
 * ImageUpload attaches a file to an order: chosen or dropped, sent with its
 * progress shown; a refusal is shown next to the field and in an error summary.
 */
export function ImageUpload({ orderId, onDone }: { orderId: string; onDone: (notice: string) => void }) {
  const court = useActingCourt()
  const queryClient = useQueryClient()
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [purpose, setPurpose] = useState<Purpose>('order')
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [over, setOver] = useState(false)

  function choose(files: FileList | null) {
    setFile(files?.[0] ?? null)
    setError(null)
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault()
    setOver(false)
    choose(event.dataTransfer.files)
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!file) {
      setError(copy.noFile)
      setAttempt((n) => n + 1)
      return
    }
    setError(null)
    setProgress(0)
    try {
      const { image, duplicate } = await uploadImage(orderId, file, purpose, setProgress)
      await queryClient.invalidateQueries({ queryKey: imageKeys.list(court, orderId) })
      setFile(null)
      if (input.current) input.current.value = ''
      onDone(duplicate ? copy.duplicate(image.fileName) : copy.uploaded(image.fileName))
    } catch (e) {
      setError(problemText(e))
      setAttempt((n) => n + 1)
    } finally {
      setProgress(null)
    }
  }

  const hintId = `${FILE_ID}-hint`
  return (
    <form className="usa-form ccpor-no-print margin-top-2" noValidate onSubmit={submit} aria-labelledby="image-upload-heading">
      <h3 id="image-upload-heading">{copy.uploadHeading}</h3>
      {error ? <ErrorSummary heading={copy.errorHeading} focusKey={attempt} items={[{ message: error, fieldId: FILE_ID }]} /> : null}
      <Select
        id="image-purpose"
        label={copy.purpose}
        name="purpose"
        value={purpose}
        onChange={(v) => setPurpose(v as Purpose)}
        options={[
          { value: 'order', label: copy.purposes.order },
          { value: 'proof_of_service', label: copy.purposes.proof_of_service },
        ]}
      />
      <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
        <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={FILE_ID}>
          {copy.file}
        </label>
        <div className="usa-hint" id={hintId}>
          {copy.fileHint}
        </div>
        {error ? <ErrorMessage id={`${FILE_ID}-error`}>{error}</ErrorMessage> : null}
        <div
          className={`ccpor-drop-zone${over ? ' ccpor-drop-zone--over' : ''}`}
          data-testid="image-drop-zone"
          onDragOver={(event) => {
            event.preventDefault()
            setOver(true)
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
        >
          <p className="margin-0" aria-hidden="true">
            {copy.dropHere}
          </p>
          <input
            ref={input}
            id={FILE_ID}
            className="usa-file-input"
            type="file"
            accept={ACCEPT}
            aria-describedby={describedBy(FILE_ID, copy.fileHint, error ?? undefined)}
            onChange={(event) => choose(event.target.files)}
          />
          {file ? <p className="margin-bottom-0">{copy.chosen(file.name)}</p> : null}
        </div>
      </div>
      {progress !== null ? (
        <div className="margin-top-2">
          <label htmlFor="image-progress">{copy.uploading(Math.round(progress * 100))}</label>
          <progress id="image-progress" className="ccpor-progress" max={1} value={progress} aria-label={copy.progressLabel} />
        </div>
      ) : null}
      <Button type="submit" disabled={progress !== null}>
        {copy.upload}
      </Button>
    </form>
  )
}
