import { FocusTrap } from 'focus-trap-react'
import { useEffect, useId, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

type ModalProps = {
  heading: string
  /** children is the body; it also describes the dialog to screen readers. */
  children: ReactNode
  /** actions are the buttons in the footer; the first one takes focus on opening. */
  actions: ReactNode[]
  /** onEscape runs when Escape is pressed; the modal stays until the caller closes it. */
  onEscape: () => void
}

/**
 * Modal is the USWDS modal as a React component that is open while it is rendered:
 * a labelled, described dialog, focus kept inside it and given back when it closes.
 * (USWDS's own script, and the wrapper library's modal, toggle the DOM themselves.)
 */
export function Modal({ heading, children, actions, onEscape }: ModalProps) {
  const headingId = useId()
  const bodyId = useId()
  useEffect(() => {
    document.body.classList.add('usa-js-modal--active') // no scrolling behind the dialog
    return () => document.body.classList.remove('usa-js-modal--active')
  }, [])
  return createPortal(
    <FocusTrap
      focusTrapOptions={{
        escapeDeactivates: () => {
          onEscape()
          return false
        },
        allowOutsideClick: false,
        // The dialog is always laid out when shown; jsdom (tests) has no layout at all.
        tabbableOptions: { displayCheck: 'none' },
      }}
    >
      <div className="usa-modal-wrapper is-visible">
        <div className="usa-modal-overlay">
          <div className="usa-modal" role="dialog" aria-modal="true" aria-labelledby={headingId} aria-describedby={bodyId}>
            <div className="usa-modal__content">
              <div className="usa-modal__main">
                <h2 className="usa-modal__heading" id={headingId}>
                  {heading}
                </h2>
                <div className="usa-prose" id={bodyId}>
                  {children}
                </div>
                <div className="usa-modal__footer">
                  <ul className="usa-button-group">
                    {actions.map((action, index) => (
                      <li key={index} className="usa-button-group__item">
                        {action}
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
    </FocusTrap>,
    document.body,
  )
}
