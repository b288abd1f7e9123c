import { useEffect, useState } from 'preact/hooks';
import { getMe, listCategories } from '../../api/client';
import { me } from '../../api/session';
import { createTicket, newIdempotencyKey } from '../../api/tickets-write';
import { KindBadge } from '../../components/badges';
import { clearDraft, ErrorSummary, Field, problemErrors, readDraft, saveDraft, type FieldErrors } from '../../components/form';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { duration, lang, money, t } from '../../i18n/index';
import { href } from '../../router';

/**
 * New ticket: the letter's categories as radios, each marked Incluso / A pagamento, and, for a billable
 * one, where its time will be drawn from; when nothing prepaid is left, the hourly rate and the consent
 * the server requires (and records). Sent with an Idempotency-Key kept in the draft until it succeeds, so a
 * double click or a retry after signing in again is one ticket. The draft lives in sessionStorage.
 */
interface Draft {
  category: string;
  subject: string;
  description: string;
  onSite: boolean;
  consent: boolean;
  key: string;
}

const DRAFT = 'new-ticket';
const empty = (): Draft => ({ category: '', subject: '', description: '', onSite: false, consent: false, key: newIdempotencyKey() });

export function NewTicketPage() {
  const m = t.value;
  const categories = useLoad(() => Promise.all([listCategories(), getMe()]), 'new-ticket');
  const [draft, setDraft] = useState<Draft>(() => ({ ...empty(), ...readDraft<Draft>(DRAFT) }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => saveDraft(DRAFT, draft), [draft]);

  if (categories.state !== 'ok') {
    return <Page title={m.pages_newTicketTitle}>{categories.state === 'loading' ? <Loading /> : <Failed onRetry={() => location.reload()} />}</Page>;
  }
  const [list] = categories.data;
  const balance = me.value?.customer?.balance;
  const rate = money(me.value?.customer?.hourlyRateCents ?? balance?.hourlyRateCents ?? 0);
  const chosen = list.find((c) => c.id === draft.category);
  const billable = chosen?.expected === 'billable';
  const free = balance?.freeMinutesRemaining ?? 0;
  const packages = balance?.packageMinutesRemaining ?? 0;
  const needsConsent = billable && free + packages <= 0;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const labels = { category: m.category, subject: m.subject, description: m.description, consentToConsuntivo: m.pages_previewTitle };
  const fieldMessages = { category: m.pages_categoryRequired, subject: m.pages_subjectRequired, description: m.pages_descriptionRequired, consentToConsuntivo: m.pages_consentRequired, onSite: m.pages_refused };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!chosen) found.category = m.pages_categoryRequired;
    if (!draft.subject.trim() || draft.subject.trim().length > 200 || /[\r\n]/.test(draft.subject)) found.subject = m.pages_subjectRequired;
    if (!draft.description.trim() || draft.description.length > 10_000) found.description = m.pages_descriptionRequired;
    if (needsConsent && !draft.consent) found.consentToConsuntivo = m.pages_consentRequired;
    setErrors(found);
    setGeneral(undefined);
    // `!chosen` has set `found.category`; it is repeated so `chosen` is known below.
    if (!chosen || Object.keys(found).length) return setFocusKey((k) => k + 1);
    setBusy(true);
    try {
      const ticket = await createTicket(
        { category: chosen.id, subject: draft.subject.trim(), description: draft.description.trim(), ...(draft.onSite ? { onSite: true } : {}), ...(billable && draft.consent ? { consentToConsuntivo: true } : {}) },
        draft.key,
      );
      clearDraft(DRAFT);
      location.hash = href(`/tickets/${ticket.number}`);
    } catch (err) {
      const mapped = problemErrors(err, fieldMessages);
      // The balance may have run out since the page loaded: read it again, so the consent shows.
      if (mapped.errors.consentToConsuntivo) void getMe().catch(() => undefined);
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={m.pages_newTicketTitle}>
      <p>{m.pages_newTicketIntro}</p>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <div class={`field${errors.category ? ' field-error' : ''}`}>
          <fieldset class="radios" aria-describedby={errors.category ? 'category-error' : undefined}>
            <legend>{m.pages_categoryLegend}</legend>
            {errors.category && (
              <p class="error-message" id="category-error">
                {errors.category}
              </p>
            )}
            {list.map((c, i) => (
              <div class="radio" key={c.id}>
                <input type="radio" name="category" id={i === 0 ? 'category' : `category-${c.id}`} value={c.id} checked={draft.category === c.id} aria-describedby={`category-${c.id}-hint`} onChange={() => set('category', c.id)} />
                <label for={i === 0 ? 'category' : `category-${c.id}`}>{c.label[lang.value]}</label>
                <p class="hint radio-hint" id={`category-${c.id}-hint`}>
                  <KindBadge kind={c.expected} /> {c.expected === 'billable' ? m.pages_categoryBillableHint : m.pages_categoryIncludedHint}
                </p>
              </div>
            ))}
          </fieldset>
        </div>
        {chosen && (
          <section class={`card preview preview-${chosen.expected}`} aria-labelledby="preview-title" aria-live="polite">
            <h2 id="preview-title">{m.pages_previewTitle}</h2>
            {!billable ? (
              <p>{m.pages_previewIncluded}</p>
            ) : free > 0 ? (
              <p>{m.pages_previewFree(duration(free))}</p>
            ) : packages > 0 ? (
              <p>{m.pages_previewPackage(duration(packages))}</p>
            ) : (
              <>
                <p>{m.pages_previewConsuntivo(rate)}</p>
                <div class={`field checkbox${errors.consentToConsuntivo ? ' field-error' : ''}`}>
                  {errors.consentToConsuntivo && (
                    <p class="error-message" id="consentToConsuntivo-error">
                      {errors.consentToConsuntivo}
                    </p>
                  )}
                  <input
                    type="checkbox"
                    id="consentToConsuntivo"
                    name="consentToConsuntivo"
                    checked={draft.consent}
                    aria-invalid={errors.consentToConsuntivo ? 'true' : undefined}
                    aria-describedby={errors.consentToConsuntivo ? 'consentToConsuntivo-error' : undefined}
                    onChange={(e) => set('consent', (e.currentTarget as HTMLInputElement).checked)}
                  />
                  <label for="consentToConsuntivo">{m.pages_consentLabel(rate)}</label>
                </div>
                <p>
                  <a href={href('/packages')}>{m.pages_buyInstead}</a>
                </p>
              </>
            )}
          </section>
        )}
        <Field id="subject" label={m.subject} hint={m.pages_subjectHint} error={errors.subject}>
          {(a) => <input type="text" {...a} maxLength={200} value={draft.subject} onInput={(e) => set('subject', (e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="description" label={m.description} hint={m.pages_descriptionHint} error={errors.description}>
          {(a) => <textarea {...a} rows={6} value={draft.description} onInput={(e) => set('description', (e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
        <div class="field checkbox">
          <input type="checkbox" id="onSite" name="onSite" checked={draft.onSite} onChange={(e) => set('onSite', (e.currentTarget as HTMLInputElement).checked)} />
          <label for="onSite">{m.pages_onSiteLabel}</label>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? m.pages_sending : m.pages_send}
        </button>
      </form>
    </Page>
  );
}
