import { Page } from '../../components/page';
import { t } from '../../i18n/index';
import { href } from '../../router';

/** Not found: an unknown address, an unknown ticket, and another account's ticket all read the same. */
export function NotFound(props: { title?: string; body?: string; back?: { href: string; label: string } }) {
  const m = t.value;
  const back = props.back ?? { href: href('/'), label: m.backHome };
  return (
    <Page title={props.title ?? m.notFoundTitle}>
      <p>{props.body ?? m.notFoundBody}</p>
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </Page>
  );
}

/** A customer who opens a staff console address. */
export function Forbidden() {
  const m = t.value;
  return (
    <Page title={m.forbiddenTitle}>
      <p>{m.forbiddenBody}</p>
      <p>
        <a href={href('/')}>{m.backHome}</a>
      </p>
    </Page>
  );
}
