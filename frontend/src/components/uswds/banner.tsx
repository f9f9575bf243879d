import {
  Banner as UswdsBanner,
  BannerButton,
  BannerContent,
  BannerGuidance,
  BannerHeader,
  BannerIcon,
  MediaBlockBody,
} from '@trussworks/react-uswds'
import { useId, useState, type ReactNode } from 'react'

type BannerProps = {
  /** label names the banner region for screen readers. */
  label: string
  headerText: ReactNode
  actionText: string
  children: ReactNode
}

/**
 * Banner is the USWDS site banner without the federal flag and .gov wording, which
 * would not be true of a state court service: the text comes from the caller.
 */
export function Banner({ label, headerText, actionText, children }: BannerProps) {
  const [isOpen, setIsOpen] = useState(false)
  const contentId = useId()
  return (
    <UswdsBanner aria-label={label}>
      <BannerHeader
        isOpen={isOpen}
        flagImg={null}
        headerText={headerText}
        headerActionText={actionText}
      >
        <BannerButton isOpen={isOpen} aria-controls={contentId} onClick={() => setIsOpen((open) => !open)}>
          {actionText}
        </BannerButton>
      </BannerHeader>
      <BannerContent id={contentId} isOpen={isOpen}>
        <div className="grid-row grid-gap-lg">{children}</div>
      </BannerContent>
    </UswdsBanner>
  )
}

type BannerGuidanceItemProps = {
  iconSrc: string
  heading: string
  children: ReactNode
}

/** BannerGuidanceItem is one column of the expanded banner: an icon, a heading, a text. */
export function BannerGuidanceItem({ iconSrc, heading, children }: BannerGuidanceItemProps) {
  return (
    <BannerGuidance className="tablet:grid-col-6">
      <BannerIcon src={iconSrc} alt="" />
      <MediaBlockBody>
        <p>
          <strong>{heading}</strong>
          <br />
          {children}
        </p>
      </MediaBlockBody>
    </BannerGuidance>
  )
}
