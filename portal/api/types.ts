/**
 * The wire shapes the portal reads, as API.md states them. Minimal and local until `contracts/` lands;
 * then these become re-exports of its types (the portal imports nothing else of the server side).
 */
export type Role = 'customer' | 'technician' | 'supervisor' | 'finance' | 'admin';
export type Classification = 'included' | 'billable';
export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed' | 'contested';
export type Bucket = 'free' | 'package' | 'consuntivo';

export interface Balance {
  freeMinutesRemaining: number;
  freeMinutesGranted: number;
  packageMinutesRemaining: number;
  packages: { id: string; minutesRemaining: number; minutesGranted: number; expiresAt: string }[];
  consuntivoMinutesThisPeriod: number;
  consuntivoAmountCentsThisPeriod: number;
  hourlyRateCents: number;
}

export interface Me {
  username: string;
  role: Role;
  customer?: { id: string; name: string; locale: 'it' | 'en'; hourlyRateCents: number; balance: Balance };
}

export interface Category {
  id: string;
  expected: Classification;
  label: { it: string; en: string };
}

export interface Worklog {
  id: string;
  at: string;
  minutes: number;
  kind: 'remote' | 'onsite';
  note: string;
}

export interface Message {
  id: string;
  at: string;
  author: 'customer' | 'staff';
  body: string;
}

export interface TicketSummary {
  id: string;
  number: string;
  customerId: string;
  category: string;
  subject: string;
  description: string;
  onSite: boolean;
  status: TicketStatus;
  expectedClassification: Classification;
  classification?: { kind: Classification; reason: string; rule: string };
  loggedMinutes: number;
  billableMinutes: number;
  charges: { bucket: Bucket; packageId?: string; minutes: number }[];
  createdAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  contest?: { reason: string; at: string; status: 'pending' | 'accepted' | 'rejected'; note?: string };
}

export interface Ticket extends TicketSummary {
  worklogs: Worklog[];
  messages: Message[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** RFC 9457 problem+json. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** GET /config.json */
export interface PortalConfig {
  apiBase: string;
  cognito: { endpoint: string; region: string; userPoolId: string; clientId: string };
}
