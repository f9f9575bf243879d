// The words every page shares, in English: the shell (banner, header, navigation,
// footer), role names and the errors any page can show. Each feature keeps its own
// words in its copy module (src/features/<feature>/copy.ts), so a page's chunk
// carries only its words; another language can follow the same shape.

export const en = {
  product: {
    shortName: 'CCPOR',
    fullName: 'California Courts Protective Order Registry',
  },
  documentTitle: (page: string) => `${page} | CCPOR`,
  skipLink: 'Skip to main content',
  banner: {
    label: 'Official service of the California courts',
    headerText: 'An official service of the California courts',
    headerAction: 'Here’s how you know',
    authorizedHeading: 'Authorized use only',
    authorizedText:
      'This registry holds restraining and protective orders. Use it only for your official duties in a court or law enforcement agency. Every access is recorded.',
    secureHeading: 'Secure connection',
    secureText:
      'A lock or https:// means you’ve safely connected to the registry. Share sensitive information only on official, secure websites.',
  },
  roles: {
    platform_admin: 'Platform administrator',
    court_admin: 'Court administrator',
    helpdesk: 'Help desk',
    clerk: 'Clerk',
    judicial_officer: 'Judicial officer',
    sheriff: 'Sheriff',
    auditor: 'Auditor',
  } as Record<string, string>,
  nav: {
    label: 'Registry',
    home: 'Home',
    orders: 'Orders',
    newOrder: 'Enter a CR-160',
    search: 'Person search',
    helpdesk: 'Help desk',
    users: 'Users',
    maintenance: 'Maintenance',
    reports: 'Reports',
    courts: 'Courts',
    auditLog: 'Audit log',
    carposQueue: 'CARPOS work queue',
    cletsHit: 'Confirm a CLETS hit',
  },
  footer: {
    label: 'Site information',
    text: 'California Courts Protective Order Registry',
  },
  loading: 'Loading…',
  notFound: {
    title: 'Page not found',
    body: 'We can’t find the page you’re looking for. Check the address, or go back to the home page.',
    homeLink: 'Go to the home page',
  },
  errors: {
    heading: 'Something went wrong',
    statusLabel: 'Status',
    fieldErrorsHeading: 'What to fix',
    retry: 'Try again',
    unexpectedTitle: 'Unexpected error',
    unexpectedDetail: 'The page could not be shown. Try again, or contact your court’s help desk if it keeps happening.',
    networkTitle: 'The registry could not be reached',
    networkDetail: 'Check your connection and try again.',
    badResponseTitle: 'Unexpected response from the registry',
    badResponseDetail: 'The registry answered in a form this page does not understand.',
  },
} as const

export type Copy = typeof en
