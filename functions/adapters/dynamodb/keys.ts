/**
 * Every key of the single table is built here and nowhere else.
 *
 * | access pattern                 | index | pk                    | sk                         | example                                   |
 * | ------------------------------ | ----- | --------------------- | -------------------------- | ----------------------------------------- |
 * | customer by id                 | table | `CUSTOMER#<id>`       | `PROFILE`                  | `CUSTOMER#c_01J…` / `PROFILE`             |
 * | customers by name (admin list) | gsi1  | `CUSTOMERS`           | `<name lowercased>#<id>`   | `CUSTOMERS` / `alfa srl#c_01J…`           |
 * | user by username               | table | `USER#<username>`     | `PROFILE`                  | `USER#alfa` / `PROFILE`                   |
 * | ledger entries of an account   | table | `CUSTOMER#<id>`       | `ENTRY#<iso time>#<id>`    | `CUSTOMER#c_01J…` / `ENTRY#2026-11-25T…`  |
 * | idempotency key of a caller    | table | `IDEM#<scope>#<key>`  | `IDEM`                     | `IDEM#c_ALFA#9f1c…` / `IDEM`              |
 * | customer email by notice id    | table | `EMAIL#<notice id>`   | `EMAIL`                    | `EMAIL#ticket-billable:t_01J…:1` / `EMAIL`|
 */
export const keys = {
  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'PROFILE' }),
  customerByName: (name: string, id: string) => ({ gsi1pk: 'CUSTOMERS', gsi1sk: `${name.toLowerCase()}#${id}` }),
  user: (username: string) => ({ pk: `USER#${username}`, sk: 'PROFILE' }),
  email: (noticeId: string) => ({ pk: `EMAIL#${noticeId}`, sk: 'EMAIL' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  ledgerEntry: (customerId: string, at: string, id: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `ENTRY#${at}#${id}` }),
};
