// The words of the home page, in English, with the shared words of src/copy/en.ts. Only
// this feature imports it, so its words travel with its pages' chunks.
import { en as shared } from '@/copy/en'

export const en = {
  ...shared,
  home: {
    title: 'Home',
    intro:
      'The statewide registry of restraining and protective orders, shared by California’s superior and tribal courts.',
    systemHeading: 'About this service',
    productLabel: 'Product',
    nameLabel: 'Name',
    versionLabel: 'Version',
    environmentLabel: 'Environment',
    environments: {
      development: 'Development',
      production: 'Production',
    } as Record<string, string>,
  },
} as const
