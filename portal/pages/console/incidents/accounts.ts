import type { AccountName } from '#contracts/responses';
import { api } from '../../../api/client';

/**
 * Every account's id and name (`GET /staff/accounts`, 100 a page), read once per console visit and shared by
 * the areas that name accounts (incidents, supervisor). An ISP's accounts fit in a few pages.
 */
let all: Promise<AccountName[]> | undefined;

export function accountNames(): Promise<AccountName[]> {
  all ??= (async () => {
    const out: AccountName[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.listAccountNames({ query: { limit: 100, ...(cursor ? { cursor } : {}) } });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  })().catch((err: unknown) => {
    all = undefined;
    throw err;
  });
  return all;
}
