import { Page } from '../../components/page';
import { t } from '../../i18n/index';

/**
 * The staff console (technicians, supervisors, finance, admin): for now the shell and a sign that it is
 * coming. Loaded as its own chunk (a dynamic import in app.tsx), so customers never download it.
 */
export default function ConsolePage() {
  const m = t.value;
  return (
    <Page title={m.consoleTitle}>
      <p>{m.consoleComing}</p>
    </Page>
  );
}
