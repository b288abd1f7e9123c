import { DEFAULT_FREE_MINUTES, DEFAULT_HOURLY_RATE_CENTS } from '../accounts/accounts';
import { invalid } from '../errors';

/**
 * The billing settings of one installation, in one place. Defaults are the letter's; an installation
 * overrides any of them with its `SETTINGS` item (read at most once a minute per container, `cachedSettings`), so
 * nothing billing-related is a constant anywhere else. The rate of one account is on the account
 * (`Customer.hourlyRateCents`); `standardHourlyRateCents` is the default for new accounts and the
 * ceiling for package prices. Months are Europe/Rome calendar months (`periods.ts`).
 */
export interface BillingSettings {
  /** A ticket's logged minutes are rounded up to a multiple of this. @default 15 */
  billingIncrementMinutes: number;
  /** A ticket with any on-site worklog bills at least this. @default 60 */
  onSiteMinimumMinutes: number;
  /** @default 6000 (60.00 EUR per hour, net of VAT) */
  standardHourlyRateCents: number;
  /** The free bank granted to a new account. @default 300 */
  freeMinutesOnCreate: number;
  /** A package expires this many calendar months after it is bought. @default 12 */
  packageValidityMonths: number;
  /** A prepaid bucket is low when what is left is under this percentage of what was granted… @default 20 */
  lowBalancePercent: number;
  /** …or under this many minutes. @default 60 */
  lowBalanceMinutes: number;
}

export const DEFAULT_SETTINGS: Readonly<BillingSettings> = Object.freeze({
  billingIncrementMinutes: 15,
  onSiteMinimumMinutes: 60,
  standardHourlyRateCents: DEFAULT_HOURLY_RATE_CENTS,
  freeMinutesOnCreate: DEFAULT_FREE_MINUTES,
  packageValidityMonths: 12,
  lowBalancePercent: 20,
  lowBalanceMinutes: 60,
});

const INTEGER_FIELDS = [
  ['billingIncrementMinutes', 1],
  ['onSiteMinimumMinutes', 0],
  ['standardHourlyRateCents', 0],
  ['freeMinutesOnCreate', 0],
  ['packageValidityMonths', 1],
  ['lowBalancePercent', 0],
  ['lowBalanceMinutes', 0],
] as const satisfies readonly (readonly [keyof BillingSettings, number])[];

/** The defaults overlaid with an installation's overrides, each checked (integers, sane bounds). */
export function resolveSettings(overrides: Partial<BillingSettings> = {}): BillingSettings {
  const settings: BillingSettings = { ...DEFAULT_SETTINGS, ...overrides };
  for (const [field, min] of INTEGER_FIELDS) {
    const value = settings[field];
    if (!Number.isSafeInteger(value) || value < min) throw invalid(`setting ${field} must be an integer ≥ ${min}, not ${String(value)}`);
  }
  if (settings.lowBalancePercent > 100) throw invalid('setting lowBalancePercent must be at most 100');
  return settings;
}

/** How long a container keeps the settings it read before reading them again. */
export const SETTINGS_TTL_MS = 60_000;

/**
 * The settings, read at most once per `ttlMs` per container: a change to the `SETTINGS` item reaches
 * every warm container within that time, with no restart. A failed read is not kept (the next call
 * tries again).
 */
export function cachedSettings(
  source: { overrides(): Promise<Partial<BillingSettings>> },
  options: { ttlMs?: number; now?: () => number } = {},
): () => Promise<BillingSettings> {
  const ttlMs = options.ttlMs ?? SETTINGS_TTL_MS;
  const now = options.now ?? Date.now;
  let loaded: { value: Promise<BillingSettings>; at: number } | undefined;
  return () => {
    if (!loaded || now() - loaded.at >= ttlMs) {
      const entry = {
        at: now(),
        value: source.overrides().then(resolveSettings, (err: unknown) => {
          if (loaded === entry) loaded = undefined;
          throw err;
        }),
      };
      loaded = entry;
    }
    return loaded.value;
  };
}
