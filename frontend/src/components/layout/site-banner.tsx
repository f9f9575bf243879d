import dotGovIcon from '@uswds/uswds/img/icon-dot-gov.svg'
import httpsIcon from '@uswds/uswds/img/icon-https.svg'
import { Banner, BannerGuidanceItem } from '@/components/uswds/banner'
import { en } from '@/copy/en'

/** SiteBanner says whose service this is and that it is for authorized use. */
export function SiteBanner() {
  const copy = en.banner
  return (
    <Banner label={copy.label} headerText={copy.headerText} actionText={copy.headerAction}>
      <BannerGuidanceItem iconSrc={dotGovIcon} heading={copy.authorizedHeading}>
        {copy.authorizedText}
      </BannerGuidanceItem>
      <BannerGuidanceItem iconSrc={httpsIcon} heading={copy.secureHeading}>
        {copy.secureText}
      </BannerGuidanceItem>
    </Banner>
  )
}
