import type { TicketClassification } from './attribution';
import type { Reclassification } from './tickets';

/** The classification a supervisor's reclassification gives its round (rule `supervisor-reclassified`). */
export function reclassifiedAs(r: Pick<Reclassification, 'classification'>): TicketClassification {
  return { kind: r.classification, reason: 'reclassified', rule: 'supervisor-reclassified' };
}
