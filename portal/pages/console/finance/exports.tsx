import { Page } from '../../../components/page';
import type { AreaProps } from '../areas';
import { cm } from '../i18n';

/** Placeholder of the exports area: its owner replaces this file. */
export default function ExportsArea(_props: AreaProps) {
  return <Page title={cm.value.navExports} />;
}
