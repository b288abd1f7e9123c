import { listCategories } from '../../api/client';
import type { Category } from '#contracts/responses';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { lang, t } from '../../i18n/index';
import { href } from '../../router';
import { helpText, type Block } from './content';

/**
 * The FAQ (each question a `<details>`, so the page reads as a list of questions and opens one at a time)
 * and "Cosa è incluso", the letter's schema as two lists side by side: Incluso / A pagamento. The schema's
 * categories come from GET /categories, the same list the new-ticket form offers, in the reader's language.
 * A lazy chunk: its texts do not weigh on the entry bundle.
 */
function Blocks(props: { blocks: Block[] }) {
  return (
    <>
      {props.blocks.map((b, i) =>
        typeof b === 'string' ? (
          <p key={i}>{b}</p>
        ) : (
          <ul key={i}>
            {b.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

export function FaqPage() {
  const m = t.value;
  const text = helpText[lang.value];
  return (
    <Page title={m.faqTitle}>
      <p>{text.faqIntro}</p>
      <div class="faq">
        {text.faq.map((f) => (
          <details key={f.q} class="card">
            <summary>
              <h2>{f.q}</h2>
            </summary>
            <Blocks blocks={f.a} />
            {f.link && (
              <p>
                {m.helpSeeAlso}: <a href={href(f.link.path)}>{f.link.label}</a>
              </p>
            )}
          </details>
        ))}
      </div>
    </Page>
  );
}

function Column(props: { id: string; kind: 'included' | 'billable'; heading: string; lead: string; categories: Category[] }) {
  const m = t.value;
  const l = lang.value;
  return (
    <section aria-labelledby={`${props.id}-title`} class={`card schema-col schema-${props.kind}`}>
      <h2 id={`${props.id}-title`}>
        <span class={`badge badge-${props.kind}`}>{props.kind === 'included' ? m.included : m.billable}</span> {props.heading}
      </h2>
      <p>{props.lead}</p>
      <ul class="schema-list">
        {props.categories.map((c) => (
          <li key={c.id}>{c.label[l]}</li>
        ))}
      </ul>
    </section>
  );
}

export function IncludedPage() {
  const m = t.value;
  const text = helpText[lang.value];
  const data = useLoad(listCategories, 'categories');
  return (
    <Page title={m.includedTitle}>
      <p>{text.includedIntro}</p>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <Failed onRetry={() => location.reload()} />}
      {data.state === 'ok' && (
        <div class="schema">
          <Column id="schema-included" kind="included" heading={text.includedHeading} lead={text.includedLead} categories={data.data.filter((c) => c.expected === 'included')} />
          <Column id="schema-billable" kind="billable" heading={text.billableHeading} lead={text.billableLead} categories={data.data.filter((c) => c.expected === 'billable')} />
        </div>
      )}
      <p>
        <strong>{text.includedAlways}</strong>
      </p>
      <Blocks blocks={text.howDecided} />
      <p>
        {m.helpSeeAlso}: <a href={href('/faq')}>{m.faqTitle}</a>
      </p>
    </Page>
  );
}
