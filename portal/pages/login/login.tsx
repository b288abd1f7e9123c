import { useState } from 'preact/hooks';
import { PASSWORD_POLICY } from '#contracts/vocabulary';
import { AuthError, type AuthErrorCode } from '../../api/cognito';
import { finishNewPassword, sessionExpired, startSignIn } from '../../api/session';
import { Page } from '../../components/page';
import { t, type Messages } from '../../i18n/index';
import { ErrorSummary, Field as LabelledField } from '../../components/form';

/**
 * Sign-in, and the new-password step of an invited user's first sign-in. Errors follow the GOV.UK pattern:
 * a summary at the top that links to each field, and the message beside the field. A wrong username and a
 * wrong password read the same, so the form never tells who has an account.
 */
type FieldErrors = Partial<Record<'username' | 'password' | 'newPassword' | 'confirmPassword', string>>;

function authMessage(m: Messages, code: AuthErrorCode): string {
  switch (code) {
    case 'wrong-credentials':
      return m.wrongCredentials;
    case 'password-rejected':
      return m.passwordRejected;
    case 'too-many-attempts':
      return m.tooManyAttempts;
    case 'session-expired':
      return m.sessionExpired;
    default:
      return m.errorOffline;
  }
}

/** A text or password input in the shared labelled field (label, hint, inline error). */
function Field(props: { id: string; label: string; type: 'text' | 'password'; autocomplete: string; error?: string | undefined; hint?: string; value: string; onInput: (v: string) => void }) {
  return (
    <LabelledField id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(a11y) => {
        const common = { ...a11y, autocomplete: props.autocomplete, value: props.value, onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value) };
        return props.type === 'password' ? <input type="password" {...common} /> : <input type="text" {...common} />;
      }}
    </LabelledField>
  );
}

export function LoginPage() {
  const m = t.value;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [challenge, setChallenge] = useState<{ username: string; session: string } | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const fail = (err: unknown) => {
    setGeneral(authMessage(m, err instanceof AuthError ? err.code : 'unavailable'));
    setTimeout(() => document.querySelector<HTMLElement>('.error-summary')?.focus());
  };

  async function submitCredentials(e: Event) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!username.trim()) found.username = m.fieldRequired;
    if (!password) found.password = m.fieldRequired;
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length) return void setTimeout(() => document.querySelector<HTMLElement>('.error-summary')?.focus());
    setBusy(true);
    try {
      const result = await startSignIn(username.trim(), password);
      if (result.kind === 'new-password') setChallenge({ username: result.username, session: result.session });
    } catch (err) {
      setPassword('');
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function submitNewPassword(e: Event) {
    e.preventDefault();
    const found: FieldErrors = {};
    // The pool's own policy (contracts/vocabulary.ts), checked here so a short password is named before the round trip.
    const fitsPolicy = newPassword.length >= PASSWORD_POLICY.minLength && /[a-z]/.test(newPassword) && /[0-9]/.test(newPassword);
    if (!fitsPolicy) found.newPassword = m.newPasswordHint(PASSWORD_POLICY.minLength);
    else if (confirm !== newPassword) found.confirmPassword = m.passwordsDiffer;
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length) return void setTimeout(() => document.querySelector<HTMLElement>('.error-summary')?.focus());
    setBusy(true);
    try {
      await finishNewPassword(challenge!.username, challenge!.session, newPassword);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  const labels = { username: m.username, password: m.password, newPassword: m.newPassword, confirmPassword: m.confirmPassword };
  if (challenge) {
    return (
      <Page title={m.newPasswordTitle}>
        <p>{m.newPasswordIntro}</p>
        <ErrorSummary errors={errors} general={general} labels={labels} focusKey={0} />
        <form class="form" onSubmit={submitNewPassword} noValidate>
          <Field id="newPassword" label={m.newPassword} hint={m.newPasswordHint(PASSWORD_POLICY.minLength)} type="password" autocomplete="new-password" error={errors.newPassword} value={newPassword} onInput={setNewPassword} />
          <Field id="confirmPassword" label={m.confirmPassword} type="password" autocomplete="new-password" error={errors.confirmPassword} value={confirm} onInput={setConfirm} />
          <button type="submit" disabled={busy}>
            {busy ? m.signingIn : m.savePassword}
          </button>
        </form>
      </Page>
    );
  }
  return (
    <Page title={m.loginTitle}>
      {sessionExpired.value && !general && (
        <p class="banner" role="status">
          {m.sessionExpired}
        </p>
      )}
      <p>{m.loginIntro}</p>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={0} />
      <form class="form" onSubmit={submitCredentials} noValidate>
        <Field id="username" label={m.username} type="text" autocomplete="username" error={errors.username} value={username} onInput={setUsername} />
        <Field id="password" label={m.password} type="password" autocomplete="current-password" error={errors.password} value={password} onInput={setPassword} />
        <button type="submit" disabled={busy}>
          {busy ? m.signingIn : m.signIn}
        </button>
      </form>
    </Page>
  );
}
