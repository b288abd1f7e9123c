import { ulid } from 'ulid';

/** A sortable, unique id with a type prefix (`c_…` customer, `t_…` ticket…), so ids read well in logs. */
export const newId = (prefix: string, now: number = Date.now()): string => `${prefix}_${ulid(now)}`;
