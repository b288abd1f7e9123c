/**
 * The portal's addresses that other parts of the system hand out (emails link to them). The portal uses
 * hash routing, so every one of its URLs is served by the same origin as the API and needs no rewrite
 * rule: join one of these to the portal's base URL (`portalUrl`, or the API's URL until it has its own).
 */
export const portalPaths = {
  home: () => '/#/',
  tickets: () => '/#/tickets',
  ticket: (id: string) => `/#/tickets/${encodeURIComponent(id)}`,
  /** The hours page: balances and ledger movements. */
  hours: () => '/#/hours',
  /** Packages to buy. */
  packages: () => '/#/packages',
} as const;

/** `portalUrl(base, portalPaths.ticket(id))`: an absolute link, whether `base` ends in `/` or not. */
export const portalUrl = (base: string, path: string): string => base.replace(/\/+$/, '') + path;
