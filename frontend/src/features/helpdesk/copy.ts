// The words of the help desk, in English, with the shared words of src/copy/en.ts. Only
// this feature imports it, so its words travel with its pages' chunks.
import { en as shared } from '@/copy/en'

export const en = {
  ...shared,
  helpdesk: {
    title: 'Help desk',
    intro:
      'Find a user to send a password reset link, reset the second factor, release a lockout or sign the user out everywhere: the users of your court, or of every court for the statewide help desk, which also disables and enables whole accounts. Every act is recorded in the audit log.',
    query: 'Username, name or e-mail address',
    queryHint: 'At least 2 characters; any part of it.',
    queryInvalid: 'Enter 2 to 100 characters of a username, name or e-mail address.',
    submit: 'Find users',
    errorSummary: 'The search could not run',
    none: (q: string) => `No user in your scope matches “${q}”.`,
    resultsCaption: (q: string) => `Users matching “${q}”`,
    columns: ['User', 'Courts and roles', 'Sign-in', 'Actions'] as const,
    state: {
      disabled: 'Account disabled',
      noAccount: 'No password here (another identity provider, or not enrolled)',
      locked: 'Locked after failed sign-ins',
      reenrol: 'Second factor reset: sets a new password and codes at the next sign-in',
      active: 'Password and second factor set',
      noSecondFactor: 'Second factor not set up yet',
    },
    refusals: {
      self: 'Your own account: ask another help desk user.',
      service_account: 'A machine client: an operator manages it.',
      outside_court: 'Not a member of your court: the statewide help desk can help.',
      privileged: 'A privileged account: only the statewide help desk may reset it.',
    } as Record<string, string>,
    actionsFor: (name: string) => `Actions for ${name}`,
    actions: {
      'password-reset': {
        button: 'Send reset link',
        heading: 'Send a password reset link?',
        body: (name: string, email: string) =>
          `${name} gets an e-mail at ${email} with a link to choose a new password. The link works for 30 minutes, once, and also releases a lockout.`,
        confirm: 'Send the link',
        done: (name: string) => `A password reset link is on its way to ${name}.`,
      },
      'second-factor-reset': {
        button: 'Reset second factor',
        heading: 'Reset the second factor?',
        body: (name: string, email: string) =>
          `${name}'s one-time codes and recovery codes stop working and every session ends. At the next sign-in, ${name} gives the current password, then chooses a new password and sets up one-time codes again. ${name} is told by e-mail at ${email}.`,
        confirm: 'Reset the second factor',
        done: (name: string) => `${name}'s second factor is reset; ${name} was told by e-mail and enrols again at the next sign-in.`,
      },
      unlock: {
        button: 'Release lockout',
        heading: 'Release the lockout?',
        body: (name: string) =>
          `${name} can sign in again at once. Make sure you are speaking with ${name}: the lockout may have stopped someone guessing the password.`,
        confirm: 'Release the lockout',
        done: (name: string) => `${name}'s account is unlocked.`,
      },
      'end-sessions': {
        button: 'End sessions',
        heading: 'Sign this user out everywhere?',
        body: (name: string) => `Every session of ${name} ends now, on every device; unsaved work there is lost.`,
        confirm: 'End every session',
        done: (name: string) => `${name} is signed out everywhere.`,
      },
      disable: {
        button: 'Disable account',
        heading: 'Disable the whole account?',
        body: (name: string, email: string) =>
          `${name} can no longer sign in, in any court, and every session ends now. ${name} is told by e-mail at ${email}. The court memberships stay; enable the account to let ${name} in again.`,
        confirm: 'Disable the account',
        done: (name: string) => `${name}'s account is disabled; ${name} was told by e-mail.`,
      },
      enable: {
        button: 'Enable account',
        heading: 'Enable the account again?',
        body: (name: string, email: string) =>
          `${name} can sign in again with the roles still held in each court. ${name} is told by e-mail at ${email}.`,
        confirm: 'Enable the account',
        done: (name: string) => `${name}'s account is enabled again; ${name} was told by e-mail.`,
      },
    },
    working: 'Working…',
    cancel: 'Cancel',
    doneHeading: 'Done',
  },
} as const
