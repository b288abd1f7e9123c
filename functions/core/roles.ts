/** The five roles of PRODUCT.md; each is a Cognito group of the same name. */
export const ROLES = ['customer', 'technician', 'supervisor', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['technician', 'supervisor', 'finance', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
