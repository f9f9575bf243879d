import { useCallback, useRef, useState, type ReactNode } from 'react'
import { isApiError } from '@/api/problem'
import { Button } from '@/components/uswds/button'
import { en } from '@/features/orders/copy'
import type { OrderContent } from '@/features/orders/api/types'
import { ConflictPanel } from '@/features/orders/conflicts/conflict-panel'
import {
  acknowledgement,
  checkConflicts,
  hasFindings,
  REVIEWED_NONE,
  type ConflictReport,
  type LeftOut,
} from '@/features/orders/conflicts/conflicts-api'

const copy = en.conflicts

/**
 * Review is the clerk's answer: go back (nothing is saved), or save with the
 * acknowledgement to send as conflictsReviewed (absent when the check failed, so
 * the registry records the save as not reviewed).
 */
export type Review = { proceed: false } | { proceed: true; conflictsReviewed?: string }

/** focusWhenEnabled moves focus back to the button that saved, once the form has unlocked it (within 2 s). */
function focusWhenEnabled(button: HTMLElement, tries = 80) {
  window.setTimeout(() => {
    if (button.hasAttribute('disabled') && tries > 0) focusWhenEnabled(button, tries - 1)
    else button.focus()
  }, 25)
}

type Asking = { report?: ConflictReport; answer: (review: Review) => void }

/**
 * useConflictReview checks an entry for conflicting orders before it is saved.
 * review(content) answers at once when nothing is found; otherwise the panel shows
 * the report and review waits for "Save anyway" or "Go back"; when the check
 * failed, the panel says so and offers the same. The order an entry supersedes, or
 * the order being modified, is not reported. A draft is not checked: the
 * registry checks it when it is issued.
 */
export function useConflictReview(): {
  review: (content: OrderContent, draft?: boolean, leftOut?: LeftOut) => Promise<Review>
  panel: ReactNode
} {
  const [asking, setAsking] = useState<Asking | null>(null)
  const opener = useRef<HTMLElement | null>(null)

  const review = useCallback(async (content: OrderContent, draft = false, leftOut: LeftOut = {}): Promise<Review> => {
    if (draft) return { proceed: true }
    const active = document.activeElement
    opener.current = active instanceof HTMLButtonElement ? active : document.querySelector<HTMLElement>('form [type="submit"]')
    let report: ConflictReport | undefined
    try {
      report = await checkConflicts(content, leftOut)
    } catch (error) {
      // Refused fields (422) or changes refused for now (503, read-only maintenance):
      // the save is refused the same way and its answer names every reason.
      if (isApiError(error) && (error.status === 422 || error.status === 503)) return { proceed: true }
    }
    if (report && !hasFindings(report)) return { proceed: true, conflictsReviewed: REVIEWED_NONE }
    return new Promise<Review>((resolve) => setAsking({ report, answer: resolve }))
  }, [])

  function answer(next: Review) {
    asking?.answer(next)
    setAsking(null)
    if (!next.proceed && opener.current) focusWhenEnabled(opener.current)
  }

  const actions = asking ? (
    <div className="usa-button-group margin-top-3">
      <Button
        onClick={() =>
          answer(asking.report ? { proceed: true, conflictsReviewed: acknowledgement(asking.report) } : { proceed: true })
        }
      >
        {copy.saveAnyway}
      </Button>
      <Button variant="outline" onClick={() => answer({ proceed: false })}>
        {copy.goBack}
      </Button>
    </div>
  ) : null

  let panel: ReactNode = null
  if (asking?.report) {
    panel = (
      <ConflictPanel report={asking.report} heading={copy.entryHeading} intro={copy.entryIntro} links={false} focusOnMount>
        {actions}
      </ConflictPanel>
    )
  } else if (asking) {
    panel = (
      <ConflictPanel heading={copy.checkFailedHeading} intro={copy.checkFailed} links={false} focusOnMount>
        {actions}
      </ConflictPanel>
    )
  }
  return { review, panel }
}
