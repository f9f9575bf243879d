// Who manages a court's users, mirroring the server's role table
// (backend/internal/authz/roles.go). The server still decides.

/** canManageUsers: list, invite, change roles, certify, remove and restore (court_users:*). */
export const canManageUsers = (roles: readonly string[]) => roles.includes('court_admin')

/** courtRoles are the roles of a court, in the order the screens show them. */
export const courtRoles = ['clerk', 'judicial_officer', 'sheriff', 'auditor', 'helpdesk', 'court_admin'] as const
