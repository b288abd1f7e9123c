import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '#contracts/responses';
import { ROLES, STAFF_ROLES, type Role, type StaffRole } from '#contracts/vocabulary';
import { api, ApiError } from '../../../api/client';
import { me } from '../../../api/session';
import { ErrorSummary, Field, problemErrors, type FieldErrors } from '../../../components/form';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { consoleHref, type AreaProps } from '../areas';
import { MoreButton, SearchForm, usePages } from './common';
import { am } from './i18n';

/**
 * The admin's users: the list by username (search by its start, in the address) with role, account and
 * state; disable (after a confirmation) and enable; a staff user's new staff role; a new user with a
 * temporary password, which the user replaces at the first sign-in.
 * `#/console/users`, `…/users/new` (`?customerId=` picks the account).
 */
export default function UsersArea(props: AreaProps) {
  const [first] = props.path;
  if (first === 'new') return <NewUser customerId={props.query.get('customerId') ?? ''} />;
  return <UserList q={props.query.get('q') ?? ''} />;
}

const roleName = (role: Role) => am.value[`role_${role}`];

function UserList(props: { q: string }) {
  const a = am.value;
  const pages = usePages((cursor) => api.listUsers({ query: { ...(props.q ? { q: props.q } : {}), ...(cursor ? { cursor } : {}) } }), `users:${props.q}`);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | undefined>();
  return (
    <Page title={a.usersTitle}>
      <p>
        <a class="button-link" href={consoleHref('users', ['new'])}>
          {a.newUser}
        </a>
      </p>
      <SearchForm key={props.q} area="users" id="user-search" label={a.searchUsersLabel} hint={a.searchHint} q={props.q} />
      <div role="status" aria-live="polite">
        {notice && <p class={`banner ${notice.ok ? 'banner-ok' : 'banner-error'}`}>{notice.text}</p>}
      </div>
      {pages.state === 'loading' ? (
        <Loading />
      ) : pages.state === 'error' ? (
        <Failed onRetry={pages.retry} />
      ) : pages.items.length === 0 ? (
        <p>{a.noUsers}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="stack-table admin-table users-table">
              <caption class="visually-hidden">{a.usersCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.colUsername}</th>
                  <th scope="col">{a.colUserEmail}</th>
                  <th scope="col">{a.colRole}</th>
                  <th scope="col">{a.colAccount}</th>
                  <th scope="col">{a.colState}</th>
                  <th scope="col">{a.colActions}</th>
                </tr>
              </thead>
              <tbody>
                {pages.items.map((u) => (
                  <UserRow key={u.sub} user={u} onChanged={(next, text) => (pages.replace(next, (x) => x.sub === next.sub), setNotice({ ok: true, text }))} onFailed={(text) => setNotice({ ok: false, text })} />
                ))}
              </tbody>
            </table>
          </div>
          <MoreButton pages={pages} />
        </>
      )}
    </Page>
  );
}

function UserRow(props: { user: User; onChanged: (user: User, text: string) => void; onFailed: (text: string) => void }) {
  const a = am.value;
  const u = props.user;
  const self = me.value?.username.toLowerCase() === u.username.toLowerCase();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // The button that asked is replaced by the question: the keyboard moves to its answer, and back on cancel.
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);
  const [role, setRole] = useState<StaffRole>(u.role === 'customer' ? 'technician' : u.role);
  const failed = (err: unknown) => props.onFailed(err instanceof ApiError && err.status === 409 ? `${a.refused} ${u.username}` : problemErrors(err, {}).general ?? a.refused);
  async function run(action: () => Promise<User>, text: (u: User) => string) {
    if (busy) return;
    setBusy(true);
    try {
      const next = await action();
      setConfirming(false);
      props.onChanged(next, text(next));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  }
  const params = { username: u.username };
  return (
    <tr class={u.enabled ? undefined : 'row-disabled'}>
      <th scope="row">
        {u.username}
        {self && <span class="muted"> ({a.selfNote})</span>}
      </th>
      <td data-label={a.colUserEmail} class="wrap-anywhere">
        {u.email}
      </td>
      <td data-label={a.colRole}>
        {u.role === 'customer' || self ? (
          roleName(u.role)
        ) : (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (role !== u.role) void run(() => api.changeUserRole({ params, body: { role } }), (n) => a.roleChanged(n.username, roleName(n.role)));
            }}
          >
            <label class="visually-hidden" for={`role-${u.sub}`}>
              {a.newRoleOf(u.username)}
            </label>
            <select id={`role-${u.sub}`} value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as StaffRole)}>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
            <button type="submit" class="button-secondary button-small" disabled={busy || role === u.role}>
              {a.changeRole}
            </button>
          </form>
        )}
      </td>
      <td data-label={a.colAccount}>{u.customerId ? <a href={consoleHref('customers', [u.customerId])}>{u.customerId}</a> : '–'}</td>
      <td data-label={a.colState}>
        <span class={`badge ${u.enabled ? 'badge-enabled' : 'badge-disabled'}`}>{u.enabled ? a.enabled : a.disabled}</span>
      </td>
      <td data-label={a.colActions}>
        {self ? (
          ''
        ) : !u.enabled ? (
          <button type="button" class="button-secondary button-small" disabled={busy} onClick={() => void run(() => api.enableUser({ params }), (n) => a.enabledDone(n.username))}>
            {a.enable}
            <span class="visually-hidden"> {u.username}</span>
          </button>
        ) : confirming ? (
          <div class="confirm-disable" role="group" aria-label={a.confirmDisable(u.username)}>
            <p>{a.confirmDisable(u.username)}</p>
            <div class="actions">
              <button type="button" class="button-danger button-small" ref={confirmButton} disabled={busy} onClick={() => void run(() => api.disableUser({ params }), (n) => a.disabledDone(n.username))}>
                {a.confirmDisableButton}
              </button>
              <button type="button" class="button-secondary button-small" onClick={() => setConfirming(false)}>
                {a.cancel}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="button-secondary button-small" ref={askButton} onClick={() => setConfirming(true)}>
            {a.disable}
            <span class="visually-hidden"> {u.username}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const goodPassword = (p: string) => p.length >= 12 && /[a-z]/.test(p) && /[0-9]/.test(p);

/** 16 characters from an alphabet without look-alikes, with a lowercase letter and a digit for sure. */
function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(14));
  const body = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${body.slice(0, 7)}-${body.slice(7)}${'abcdefghjkmnpqrstuvwxyz'[bytes[0]! % 23]}${(bytes[1]! % 8) + 2}`;
}

function NewUser(props: { customerId: string }) {
  const a = am.value;
  const customers = useLoad(() => api.listCustomers({ query: { limit: 100 } }), 'new-user-customers');
  const [form, setForm] = useState({ username: '', email: '', role: (props.customerId ? 'customer' : '') as Role | '', customerId: props.customerId, temporaryPassword: generatePassword() });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ username: string; password: string } | undefined>();
  const set = (k: keyof typeof form) => (e: Event) => setForm((f) => ({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }));
  const messages = { username: a.usernameError, email: a.emailError, role: a.roleError, customerId: a.accountError, temporaryPassword: a.tempPasswordError };
  const labels = { username: a.username, email: a.email, role: a.role, customerId: a.account, temporaryPassword: a.tempPassword };
  const isCustomer = form.role === 'customer';

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    const username = form.username.trim();
    if (!USERNAME.test(username)) found.username = a.usernameError;
    if (!EMAIL.test(form.email.trim())) found.email = a.emailError;
    if (!form.role) found.role = a.roleError;
    if (isCustomer && !form.customerId) found.customerId = a.accountError;
    if (!goodPassword(form.temporaryPassword)) found.temporaryPassword = a.tempPasswordError;
    setErrors(found);
    setGeneral(undefined);
    setCreated(undefined);
    if (Object.keys(found).length || !form.role) return setFocusKey((k) => k + 1);
    setBusy(true);
    try {
      const user = await api.createUser({
        body: { username, email: form.email.trim(), role: form.role, ...(isCustomer ? { customerId: form.customerId } : {}), temporaryPassword: form.temporaryPassword },
      });
      setCreated({ username: user.username, password: form.temporaryPassword });
      setForm((f) => ({ ...f, username: '', email: '', temporaryPassword: generatePassword() }));
    } catch (err) {
      const mapped = err instanceof ApiError && err.status === 409 ? { errors: { username: a.usernameTaken } } : problemErrors(err, messages);
      setErrors(mapped.errors);
      setGeneral('general' in mapped ? mapped.general : undefined);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }

  const options = customers.state === 'ok' ? customers.data.items : [];
  return (
    <Page title={a.newUser}>
      <p>
        <a href={consoleHref('users')}>{a.backToUsers}</a>
      </p>
      {created && (
        <div class="banner banner-ok" role="status">
          <p>
            <strong>{a.userCreated(created.username)}</strong>
          </p>
          <p>{a.userCreatedPassword(created.password)}</p>
        </div>
      )}
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      <form class="form" onSubmit={submit} noValidate>
        <Field id="username" label={a.username} hint={a.usernameHint} error={errors.username}>
          {(x) => <input type="text" {...x} autocomplete="off" autocapitalize="none" spellcheck={false} maxLength={64} value={form.username} onInput={set('username')} />}
        </Field>
        <Field id="email" label={a.email} error={errors.email}>
          {(x) => <input type="email" {...x} autocomplete="off" spellcheck={false} value={form.email} onInput={set('email')} />}
        </Field>
        <Field id="role" label={a.role} error={errors.role}>
          {(x) => (
            <select {...x} value={form.role} onChange={set('role')}>
              <option value="">{a.accountNone}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {isCustomer && (
          <Field id="customerId" label={a.account} hint={a.accountHint} error={errors.customerId}>
            {(x) => (
              <select {...x} value={form.customerId} onChange={set('customerId')}>
                <option value="">{a.accountNone}</option>
                {form.customerId && !options.some((c) => c.id === form.customerId) && <option value={form.customerId}>{form.customerId}</option>}
                {options.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="temporaryPassword" label={a.tempPassword} hint={a.tempPasswordHint} error={errors.temporaryPassword}>
          {(x) => (
            <div class="search-row">
              <input type="text" {...x} autocomplete="off" spellcheck={false} value={form.temporaryPassword} onInput={set('temporaryPassword')} />
              <button type="button" class="button-secondary" onClick={() => setForm((f) => ({ ...f, temporaryPassword: generatePassword() }))}>
                {a.generate}
              </button>
            </div>
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {a.create}
        </button>
      </form>
    </Page>
  );
}
