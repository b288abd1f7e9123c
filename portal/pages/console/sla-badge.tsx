import type { QueueSlaState, SlaState } from '#contracts/vocabulary';
import { dateTime, defineMessages, duration } from '../../i18n/index';

/**
 * The SLA badge staff see (the queue, the ticket workspace): the state in words with a symbol (never
 * colour alone) and the due instant, or how late it is. Its words live here, in the console's chunks.
 */
const it = {
  running: 'In tempo',
  at_risk: 'A rischio',
  breached: 'Scaduto',
  met: 'Rispettato',
  dueAt: (when: string) => `entro ${when}`,
  lateBy: (late: string) => `in ritardo di ${late}`,
  noSla: 'Senza SLA',
};
const en: typeof it = {
  running: 'On time',
  at_risk: 'At risk',
  breached: 'Breached',
  met: 'Met',
  dueAt: (when: string) => `due ${when}`,
  lateBy: (late: string) => `${late} late`,
  noSla: 'No SLA',
};
export const slaWords = defineMessages(it, en);

const SYMBOL: Record<SlaState, string> = { running: '○', at_risk: '◐', breached: '●', met: '✓' };

/** `state` (+ when it is due, or how late, from `now`). */
export function SlaBadge(props: { state: SlaState | QueueSlaState; dueAt?: string; now?: number }) {
  const m = slaWords.value;
  const now = props.now ?? Date.now();
  const due = props.dueAt ? Date.parse(props.dueAt) : undefined;
  const detail = due === undefined || props.state === 'met' ? undefined : due < now ? m.lateBy(duration(Math.max(1, Math.floor((now - due) / 60_000)))) : m.dueAt(dateTime(props.dueAt!));
  return (
    <span class="sla">
      <span class={`badge badge-sla-${props.state}`}>
        <span aria-hidden="true">{SYMBOL[props.state]} </span>
        {m[props.state]}
      </span>
      {detail && <span class="sla-due">{detail}</span>}
    </span>
  );
}
