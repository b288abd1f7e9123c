import { Page } from '../../../components/page';
import type { AreaProps } from '../areas';
import { cm } from '../i18n';

/** Placeholder of the balances area: its owner replaces this file. */
export default function BalancesArea(_props: AreaProps) {
  return <Page title={cm.value.navBalances} />;
}
