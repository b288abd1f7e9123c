import type { Classification, TicketStatus } from '#contracts/vocabulary';
import type { Messages } from '../i18n/index';

/** The words for the API's codes. Unknown codes (a newer server) fall back to the code itself. */
export function statusLabel(m: Messages, status: TicketStatus): string {
  const labels: Record<TicketStatus, string> = {
    open: m.statusOpen,
    in_progress: m.statusInProgress,
    resolved: m.statusResolved,
    closed: m.statusClosed,
    contested: m.statusContested,
  };
  return labels[status] ?? status;
}

export function kindLabel(m: Messages, kind: Classification): string {
  return kind === 'billable' ? m.billable : m.included;
}

export function reasonLabel(m: Messages, reason: string): string {
  const key = `reason_${reason}` as keyof Messages;
  const v = m[key];
  return typeof v === 'string' ? v : reason;
}

export function ruleLabel(m: Messages, rule: string): string {
  const key = `rule_${rule}` as keyof Messages;
  const v = m[key];
  return typeof v === 'string' ? v : rule;
}
