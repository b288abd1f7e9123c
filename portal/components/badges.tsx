import type { TicketSummary } from '#contracts/responses';
import type { Classification, TicketStatus } from '#contracts/vocabulary';
import { t } from '../i18n/index';
import { kindLabel, statusLabel } from './labels';

/** Status and classification as words with a shape and colour beside them (never colour alone). */
export function StatusBadge(props: { status: TicketStatus }) {
  return <span class={`badge badge-status-${props.status}`}>{statusLabel(t.value, props.status)}</span>;
}

export function KindBadge(props: { kind: Classification; expected?: boolean }) {
  const label = kindLabel(t.value, props.kind);
  return <span class={`badge badge-${props.kind}${props.expected ? ' badge-expected' : ''}`}>{props.expected ? t.value.expected(label) : label}</span>;
}

export function TicketKind(props: { ticket: Pick<TicketSummary, 'classification' | 'expectedClassification'> }) {
  const c = props.ticket.classification;
  return c ? <KindBadge kind={c.kind} /> : <KindBadge kind={props.ticket.expectedClassification} expected />;
}
