// What each role may do with orders, mirroring the server's role table
// (backend/internal/authz/roles.go) so the SPA offers only what the server allows.
// The server still decides: these only hide what would be refused.

const READ = ['clerk', 'judicial_officer', 'sheriff']
const ENTER = ['clerk', 'sheriff']
const CANCEL = ['clerk']

function holdsAny(roles: readonly string[], allowed: string[]): boolean {
  return roles.some((role) => allowed.includes(role))
}

/** canReadOrders: list and read orders (order:list, order:read). */
export const canReadOrders = (roles: readonly string[]) => holdsAny(roles, READ)

/** canEnterOrders: add and modify orders and record service (order:create, modify, serve). */
export const canEnterOrders = (roles: readonly string[]) => holdsAny(roles, ENTER)

/** canCancelOrders: terminate an order, the court's act (order:cancel). */
export const canCancelOrders = (roles: readonly string[]) => holdsAny(roles, CANCEL)

/** enterersOf: which roles enter each type (authz.orderTypeEntry): law enforcement's EPO by sheriffs, the rest by clerks. */
const ENTERS_TYPE: Record<string, string[]> = {
  emergency_protective_order: ['sheriff'],
}

/** canEnterOrderType: whether one of the roles enters orders of the type. */
export const canEnterOrderType = (roles: readonly string[], type: string) => holdsAny(roles, ENTERS_TYPE[type] ?? ['clerk'])
/** canWorkCarposQueue: the court's CARPOS work queue and resends (carpos:list, carpos:resend), with a current CLETS certification. */
export const canWorkCarposQueue = (roles: readonly string[], clets: boolean) => clets && holdsAny(roles, CANCEL)

/** canConfirmHits: CLETS hit confirmation (clets_hit:create), sheriffs with a current CLETS certification. */
export const canConfirmHits = (roles: readonly string[], clets: boolean) => clets && holdsAny(roles, ['sheriff'])

/** canFindByCarposNumber: find orders by FCN or NIC (carpos:read), with a current CLETS certification. */
export const canFindByCarposNumber = (roles: readonly string[], clets: boolean) => clets && holdsAny(roles, ENTER)
