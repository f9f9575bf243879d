// The words of signing in, the session and the account in the header, in English, with the
// shared words of src/copy/en.ts. Only this feature imports it, so its words travel with
// its pages' chunks.
import { en as shared } from '@/copy/en'

export const en = {
  ...shared,
  header: {
    userAreaLabel: 'Your account',
    notSignedIn: 'Not signed in',
    checking: 'Checking sign-in…',
    actingFor: 'Acting for',
    noActingCourt: 'No court chosen',
    rolesLabel: 'Roles',
  },
  session: {
    signIn: 'Sign in',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    signOutFailed: 'Sign-out did not complete. Try again, and close the browser if it keeps failing.',
    useNotice:
      'This is a criminal justice information system. Authorized use only. Every access is recorded.',
    checkingTitle: 'Checking sign-in',
    courtSwitcher: {
      label: 'Switch court',
      submit: 'Switch',
      switching: 'Switching…',
      switched: (court: string) => `You now act for ${court}.`,
      failed: 'The court could not be switched. Try again.',
    },
    ended: {
      title: 'You were signed out',
      body: 'For your security, your session ended because it was inactive or reached its time limit. What you saved before is kept.',
      again: 'Sign in again to continue where you were.',
    },
    idle: {
      heading: 'Your session is about to end',
      body: 'For your security, you will be signed out soon because there has been no activity.',
      bodyFinal: 'Your session has reached its time limit. You will need to sign in again.',
      countdown: (time: string) => `Time left: ${time}`,
      stay: 'Stay signed in',
      staying: 'Staying signed in…',
      signOut: 'Sign out now',
      stayFailed: 'The registry could not be reached. Try again.',
      minutesLeft: (minutes: number) => `About ${minutes} minutes left before you are signed out.`,
      underMinute: 'Less than a minute left before you are signed out.',
      underTwenty: 'Less than 20 seconds left before you are signed out.',
    },
    problem: {
      title: 'We could not sign you in',
      again: 'You can try again. If it keeps happening, call your court’s help desk and tell them the time.',
      // What each code from the server means; the page never shows text from its address.
      reasons: {
        not_configured: 'Sign-in is not set up on this server yet. Tell your court’s help desk.',
        unavailable: 'The sign-in service could not be reached. Wait a minute and try again.',
        invitation_malformed: 'The invitation link is incomplete. Open the link from your e-mail again.',
        expired: 'The sign-in took too long or was started in another window. Sign in again.',
        refused: 'The identity provider’s answer could not be verified. Sign in again.',
        second_factor: 'Sign in with your second factor: a one-time code or a security key.',
        not_linked: 'This account is not linked to a registry user. Open the invitation link your court administrator sent you.',
        invitation_invalid: 'The invitation is unknown, already used or expired. Ask your court administrator for a new one.',
        account_disabled: 'This registry account is disabled. Call your court’s help desk.',
      } as Record<string, string>,
      unknown: 'Sign-in did not complete.',
    },
  },
  home: {
    welcome: {
      heading: (name: string) => `Welcome, ${name}`,
      courtLabel: 'Acting court',
      noCourt: 'None chosen. Choose a court in the header to work on its orders.',
      noCourts: 'You hold no role in any court. Ask your court’s help desk for access.',
      rolesLabel: 'Your roles in this court',
      noRoles: 'None',
      cletsLabel: 'CLETS certification',
      cletsCurrent: 'Current',
      cletsNotCurrent:
        'Not current. You cannot see information from CLETS until your certification is renewed; ask your agency’s CLETS coordinator.',
    },
    signedOut: {
      heading: 'Sign in to use the registry',
      body: 'Sign in with your court or agency account to search and record orders.',
    },
  },
} as const
