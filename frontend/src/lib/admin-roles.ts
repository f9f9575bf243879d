// What the platform administrators may do, mirroring the server's role table
// (backend/internal/authz/roles.go); the server still decides.

/** canScheduleMaintenance: schedule and cancel maintenance windows (maintenance:create, cancel). */
export const canScheduleMaintenance = (roles: readonly string[]) => roles.includes('platform_admin')
