import { useEffect, useState } from 'preact/hooks';
import type { IncidentNotice } from '#contracts/responses';
import { api } from '../api/client';
import { dateTime, t } from '../i18n/index';

/**
 * "Opened during the incident …": the title and times of the incident a ticket was opened during
 * (`GET /incidents/{id}`, which a customer may read for its own account), on the customer's ticket page and
 * in the staff workspace. Nothing is shown until it loads, or if it cannot be read.
 */
export function IncidentNote(props: { incidentId: string }) {
  const m = t.value;
  const [incident, setIncident] = useState<IncidentNotice | undefined>();
  useEffect(() => {
    let live = true;
    api.getIncident({ params: { id: props.incidentId } }).then(
      (i) => live && setIncident(i),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.incidentId]);
  if (!incident) return null;
  const period = incident.closedAt ? m.incidentFromTo(dateTime(incident.startedAt), dateTime(incident.closedAt)) : m.incidentSince(dateTime(incident.startedAt));
  return (
    <p class="incident-note" role="note">
      {m.incidentDuring(incident.title, period)}
    </p>
  );
}
