import { Button as UswdsButton } from '@trussworks/react-uswds'
import type { ReactNode } from 'react'

type ButtonProps = {
  children: ReactNode
  onClick?: () => void
  type?: 'button' | 'submit'
  variant?: 'primary' | 'secondary' | 'outline'
}

/** Button is the USWDS button; it is type="button" unless told otherwise. */
export function Button({ children, onClick, type = 'button', variant = 'primary' }: ButtonProps) {
  return (
    <UswdsButton
      type={type}
      onClick={onClick}
      secondary={variant === 'secondary'}
      outline={variant === 'outline'}
    >
      {children}
    </UswdsButton>
  )
}
