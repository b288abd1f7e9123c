import * as z from 'zod/mini';

/** Scalars every response file shares (not re-exported by `responses.ts`: an export there would become an OpenAPI component). Times are ISO 8601 UTC strings, durations integer minutes, money integer cents net of VAT. */

export const instant = z.string().check(z.iso.datetime());
export const minutes = z.int();
export const cents = z.int();
