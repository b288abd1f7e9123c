import { Page } from '../../../components/page';
import type { AreaProps } from '../areas';
import { cm } from '../i18n';

/** Placeholder of the incidents area: its owner replaces this file. */
export default function IncidentsArea(_props: AreaProps) {
  return <Page title={cm.value.navIncidents} />;
}
