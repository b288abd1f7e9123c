/**
 * Where each operation lives: its method and path, and nothing else, so the typed client can reach every
 * operation for about a kilobyte, without the schemas (`operations.ts` adds them). Operation ids are
 * camelCase; the server's handler file is the kebab-case of the id (`createTicket` → `create-ticket.ts`).
 * New operations go at the end.
 */
export const endpoints = {
  getHealth: ['GET', '/health'],
  getConfig: ['GET', '/config.json'],
  getOpenapi: ['GET', '/openapi.json'],
  listCategories: ['GET', '/categories'],
  getMe: ['GET', '/me'],
  createCustomer: ['POST', '/admin/customers'],
  createUser: ['POST', '/admin/users'],
  createTicket: ['POST', '/tickets'],
  listTickets: ['GET', '/tickets'],
  getTicket: ['GET', '/tickets/{id}'],
  createTicketMessage: ['POST', '/tickets/{id}/messages'],
  createWorklog: ['POST', '/tickets/{id}/worklogs'],
  createIncident: ['POST', '/incidents'],
  closeIncident: ['POST', '/incidents/{id}/close'],
  getBalance: ['GET', '/balance'],
  listLedger: ['GET', '/ledger'],
  listPackages: ['GET', '/packages'],
  createPackageOrder: ['POST', '/packages/orders'],
  createGrant: ['POST', '/admin/customers/{id}/grants'],
  listCatalogue: ['GET', '/finance/packages'],
  putPackage: ['PUT', '/finance/packages/{id}'],
  resolveTicket: ['POST', '/tickets/{id}/resolution'],
  contestTicket: ['POST', '/tickets/{id}/contest'],
  decideContest: ['POST', '/tickets/{id}/contest/decision'],
  listExports: ['GET', '/finance/exports'],
  createExport: ['POST', '/finance/exports'],
  getExport: ['GET', '/finance/exports/{id}'],
} as const satisfies Record<string, readonly [HttpMethod, `/${string}`]>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type OperationId = keyof typeof endpoints;
