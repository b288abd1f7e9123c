import { useState } from 'preact/hooks';
import type { SlaSettings } from '#contracts/responses';
import { CATEGORIES, type CategoryId } from '#contracts/vocabulary';
import { api, ApiError } from '../../../api/client';
import { ErrorSummary, type FieldErrors } from '../../../components/form';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { dateTime, duration, lang } from '../../../i18n/index';
import type { AreaProps } from '../areas';
import { sm } from './i18n';

/**
 * The SLA targets (finance, admin): first response and resolution per category, in whole minutes, and
 * the at-risk share; saved all at once (`PUT /finance/sla`). The server checks everything and names each
 * bad field; each message shows beside its field, in the user's language, and in the summary on top.
 */
type Field = 'firstResponseMinutes' | 'resolutionMinutes';
type Draft = { targets: Record<CategoryId, Record<Field, string>>; atRiskPercent: string };

const fieldId = (category: string, field: Field) => `sla-${category}-${field === 'firstResponseMinutes' ? 'first' : 'resolution'}`;

function draftOf(s: SlaSettings): Draft {
  const targets = {} as Draft['targets'];
  for (const c of CATEGORIES) targets[c.id] = { firstResponseMinutes: String(s.targets[c.id].firstResponseMinutes), resolutionMinutes: String(s.targets[c.id].resolutionMinutes) };
  return { targets, atRiskPercent: String(s.atRiskPercent) };
}

/** Whole numbers go as numbers; anything else goes as typed, for the server to name. */
const asNumber = (v: string): number => (/^\s*\d{1,9}\s*$/.test(v) ? Number(v) : (v as unknown as number));

function errorsOf(err: unknown): { errors: FieldErrors; general?: string } {
  const m = sm.value;
  if (!(err instanceof ApiError) || err.status !== 400) return { errors: {}, general: m.refused };
  const errors: FieldErrors = {};
  for (const e of err.problem?.errors ?? []) {
    const [root, category, field] = e.path.split('.');
    if (root === 'atRiskPercent') errors['sla-at-risk'] = m.percent;
    else if (root === 'targets' && category && (field === 'firstResponseMinutes' || field === 'resolutionMinutes')) {
      errors[fieldId(category, field)] = e.message.includes('first response') ? m.resolutionAfter : m.wholeMinutes;
    }
  }
  return Object.keys(errors).length ? { errors } : { errors: {}, general: m.refused };
}

function SlaForm(props: { settings: SlaSettings }) {
  const m = sm.value;
  const [saved, setSaved] = useState(props.settings);
  const [draft, setDraft] = useState(() => draftOf(props.settings));
  const [errors, setErrors] = useState<{ errors: FieldErrors; general?: string }>({ errors: {} });
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const labels: Record<string, string> = { 'sla-at-risk': m.atRisk };
  for (const c of CATEGORIES) {
    labels[fieldId(c.id, 'firstResponseMinutes')] = `${c.label[lang.value]} — ${m.firstResponse}`;
    labels[fieldId(c.id, 'resolutionMinutes')] = `${c.label[lang.value]} — ${m.resolution}`;
  }
  const setTarget = (category: CategoryId, field: Field, value: string) => {
    setDone(false);
    setDraft({ ...draft, targets: { ...draft.targets, [category]: { ...draft.targets[category], [field]: value } } });
  };
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    try {
      const targets = Object.fromEntries(CATEGORIES.map((c) => [c.id, { firstResponseMinutes: asNumber(draft.targets[c.id].firstResponseMinutes), resolutionMinutes: asNumber(draft.targets[c.id].resolutionMinutes) }])) as SlaSettings['targets'];
      const result = await api.putSlaSettings({ body: { targets, atRiskPercent: asNumber(draft.atRiskPercent) } });
      setSaved(result);
      setDraft(draftOf(result));
      setErrors({ errors: {} });
      setDone(true);
    } catch (err) {
      setErrors(errorsOf(err));
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }
  const cell = (category: CategoryId, field: Field) => {
    const id = fieldId(category, field);
    const error = errors.errors[id];
    const value = draft.targets[category][field];
    const minutes = /^\d+$/.test(value) ? Number(value) : undefined;
    return (
      <td class={error ? 'field-error' : undefined}>
        {error && (
          <p class="error-message" id={`${id}-error`}>
            {error}
          </p>
        )}
        <input
          id={id}
          class="sla-minutes"
          inputMode="numeric"
          aria-label={labels[id]}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={[error ? `${id}-error` : '', `${id}-as`].filter(Boolean).join(' ')}
          value={value}
          onInput={(ev) => setTarget(category, field, ev.currentTarget.value)}
        />
        <span class="hint" id={`${id}-as`}>
          {minutes && minutes >= 60 ? m.asTime(duration(minutes)) : ''}
        </span>
      </td>
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors.errors} general={errors.general} labels={labels} focusKey={focusKey} />
      <p>{m.intro}</p>
      <p class="muted">{saved.updatedAt ? m.lastSaved(dateTime(saved.updatedAt), saved.updatedBy ?? '') : m.defaults}</p>
      <div class="table-wrap">
        <table class="stack-table sla-table">
          <caption class="visually-hidden">{m.title}</caption>
          <thead>
            <tr>
              <th scope="col">{m.category}</th>
              <th scope="col">{m.firstResponse}</th>
              <th scope="col">{m.resolution}</th>
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.label[lang.value]}</th>
                {cell(c.id, 'firstResponseMinutes')}
                {cell(c.id, 'resolutionMinutes')}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class={`field${errors.errors['sla-at-risk'] ? ' field-error' : ''}`}>
        <label for="sla-at-risk">{m.atRisk}</label>
        <p class="hint" id="sla-at-risk-hint">
          {m.atRiskHint}
        </p>
        {errors.errors['sla-at-risk'] && (
          <p class="error-message" id="sla-at-risk-error">
            {errors.errors['sla-at-risk']}
          </p>
        )}
        <input
          id="sla-at-risk"
          class="sla-minutes"
          inputMode="numeric"
          value={draft.atRiskPercent}
          aria-invalid={errors.errors['sla-at-risk'] ? 'true' : undefined}
          aria-describedby={`sla-at-risk-hint${errors.errors['sla-at-risk'] ? ' sla-at-risk-error' : ''}`}
          onInput={(ev) => (setDone(false), setDraft({ ...draft, atRiskPercent: ev.currentTarget.value }))}
        />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? m.saving : m.save}
      </button>
      {done && (
        <p class="banner banner-ok" role="status">
          {m.saved}
        </p>
      )}
    </form>
  );
}

export default function SlaArea(_props: AreaProps) {
  const m = sm.value;
  const loaded = useLoad(() => api.getSlaSettings({}), 'sla-settings');
  return (
    <Page title={m.title}>
      {loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' ? <Failed onRetry={() => location.reload()} /> : <SlaForm settings={loaded.data} />}
    </Page>
  );
}
