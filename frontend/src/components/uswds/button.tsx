import { Button as UswdsButton } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type ButtonProps = {
  children: ReactNode
  onClick?: () => void
  type?: 'button' | 'submit'
  /** inverse is the outline button for dark backgrounds, such as the header. */
  variant?: 'primary' | 'secondary' | 'outline' | 'inverse'
  className?: string
  disabled?: boolean
  id?: string
  /** ariaLabel names the button when its text alone is ambiguous (one per table row). */
  ariaLabel?: string
}

/** Button is the USWDS button; it is type="button" unless told otherwise. */
export function Button({ children, onClick, type = 'button', variant = 'primary', className, disabled, id, ariaLabel }: ButtonProps) {
  return (
    <UswdsButton
      type={type}
      onClick={onClick}
      secondary={variant === 'secondary'}
      outline={variant === 'outline' || variant === 'inverse'}
      inverse={variant === 'inverse'}
      className={className}
      disabled={disabled}
      id={id}
      aria-label={ariaLabel}
    >
      {children}
    </UswdsButton>
  )
}
