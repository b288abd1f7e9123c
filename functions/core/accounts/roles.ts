import { ROLES, type Role } from '#contracts/vocabulary';

/** The five roles (docs/product.md) are the wire's vocabulary; each is a Cognito group of the same name. */
export { ROLES, type Role, type StaffRole } from '#contracts/vocabulary';

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
