import type { Lang } from '../../i18n/index';

/**
 * The FAQ and the schema of what is included, written from the provider's letter to its customers
 * (`../shared/seed/`), in Italian (the letter's own words where it has them, with "tu") and English. Its own
 * module, loaded with the help pages, so the long texts stay out of the entry bundle.
 */
export type Block = string | string[];
export interface Faq {
  q: string;
  a: Block[];
  /** A portal page the answer points to. */
  link?: { path: string; label: string };
}
export interface HelpText {
  faqIntro: string;
  faq: Faq[];
  includedIntro: string;
  includedHeading: string;
  includedLead: string;
  billableHeading: string;
  billableLead: string;
  includedAlways: string;
  howDecided: Block[];
}

const it: HelpText = {
  faqIntro: 'Le risposte alle domande più comuni sul modello di assistenza, che distingue tra supporto tecnico incluso e interventi a valore aggiunto.',
  faq: [
    {
      q: 'Perché è cambiato il modello di assistenza?',
      a: [
        'Il numero dei clienti è cresciuto e i servizi sono diventati più personalizzati e complessi. Per continuare a garantirti un servizio di qualità e tempi di risposta adeguati abbiamo introdotto un modello più chiaro, che distingue tra supporto tecnico incluso e interventi a valore aggiunto.',
        'Il supporto e l’assistenza di base sui nostri servizi restano sempre inclusi nel canone che già paghi.',
      ],
    },
    {
      q: 'Cosa resta gratuito e incluso?',
      a: [
        'L’assistenza relativa al corretto funzionamento del servizio fornito, ovvero:',
        [
          'segnalazioni di malfunzionamento imputabili alla nostra infrastruttura o configurazione iniziale;',
          'controlli diagnostici e verifiche sui sistemi gestiti;',
          'ripristino del servizio in caso di guasti o errori riconducibili a noi.',
        ],
      ],
      link: { path: '/included', label: 'Cosa è incluso' },
    },
    {
      q: 'Cosa è a pagamento?',
      a: [
        'Gli interventi a valore aggiunto:',
        [
          'modifiche o aggiornamenti di configurazione richiesti da te;',
          'assistenza su problemi causati da apparati, reti o software tuoi;',
          'supporto consulenziale o richieste personalizzate (analisi, test, integrazioni, formazione, ecc.);',
          'attività ripetute o ricorrenti non previste nel contratto di base.',
        ],
      ],
      link: { path: '/included', label: 'Cosa è incluso' },
    },
    {
      q: 'Cos’è il monte ore gratuito?',
      a: [
        'Per agevolare la transizione, a ogni cliente è stato assegnato un monte ore gratuito di supporto avanzato.',
        'Le prime richieste classificate come “a pagamento” vengono scalate da questo monte ore, senza alcun addebito.',
      ],
      link: { path: '/hours', label: 'Ore e movimenti' },
    },
    {
      q: 'Cosa succede quando le ore gratuite sono finite?',
      a: [
        'Ti avvisiamo per email. Da quel momento puoi scegliere tra due opzioni:',
        [
          'interventi a consuntivo, fatturati in base al tempo effettivo impiegato, con addebito nella fattura successiva;',
          'pacchetti di ore prepagate, con un costo orario agevolato rispetto alla tariffa standard, commisurato ai consumi medi del tuo account.',
        ],
        'Puoi ordinare un pacchetto in autonomia dalla tua area riservata, oppure tramite il tuo account di riferimento.',
      ],
      link: { path: '/packages', label: 'Pacchetti di ore' },
    },
    {
      q: 'Cosa trovo nell’area riservata?',
      a: [
        'Lo stato delle tue richieste di assistenza, la classificazione di ogni intervento (incluso / a pagamento) con il motivo, e i tempi di gestione di ogni singolo ticket. In tempo reale vedi anche:',
        ['il residuo ore disponibili;', 'il dettaglio delle attività svolte;', 'la cronologia degli interventi e i tempi consuntivati.'],
        'Così puoi comprendere in modo trasparente il livello di supporto fornito e stimare eventuali costi.',
      ],
      link: { path: '/hours', label: 'Ore e movimenti' },
    },
    {
      q: 'Posso sapere prima se una richiesta sarà a pagamento?',
      a: [
        'Non sempre. Lo schema sintetico ti dice cosa aspettarti per ogni tipo di richiesta: se riguarda cambi di configurazione o modifiche che esulano dal corretto funzionamento del servizio, sai già che sarà un intervento a consuntivo. Quando apri un ticket ti mostriamo, prima dell’invio, se la categoria è inclusa o a pagamento.',
        'I nostri tecnici si attivano sempre subito per verificare il problema che segnali e aiutarti a risolverlo. Se la causa si dimostra non imputabile a noi ma a elementi terzi (tuoi o di componenti non a nostro carico), il ticket viene chiuso come “causa cliente” e gestito a consuntivo.',
      ],
      link: { path: '/included', label: 'Cosa è incluso' },
    },
    {
      q: 'E se non sono d’accordo con la classificazione?',
      a: [
        'Dalla pagina del ticket chiuso puoi contestare una volta la classificazione “a pagamento”, spiegando il motivo. Se la contestazione viene accolta, il ticket diventa incluso e ogni minuto scalato torna da dove era stato preso.',
      ],
      link: { path: '/tickets', label: 'I tuoi ticket' },
    },
    {
      q: 'Perché questo cambiamento? Ci saranno costi aggiuntivi?',
      a: [
        'L’obiettivo non è introdurre costi aggiuntivi, ma garantire:',
        [
          'migliore qualità del supporto tecnico;',
          'tempi di risposta più rapidi;',
          'trasparenza sulle attività svolte;',
          'assistenza e consulenza a valore aggiunto su servizi avanzati, oltre alla semplice manutenzione del servizio;',
          'la possibilità per ogni cliente di scegliere il livello di servizio più adeguato alle proprie esigenze.',
        ],
      ],
    },
  ],
  includedIntro: 'Lo schema sintetico: cosa è incluso nel supporto di base e cosa è un intervento a valore aggiunto.',
  includedHeading: 'Supporto di base incluso',
  includedLead: 'Gratuito. L’assistenza di base per il corretto funzionamento dei servizi resta sempre gratuita e inclusa.',
  billableHeading: 'Supporto personalizzato',
  billableLead:
    'Pacchetto di assistenza. Gli interventi su configurazioni personalizzate o su problemi non imputabili ai nostri sistemi sono attività a consumo: scalate dal monte ore gratuito, poi dai pacchetti prepagati, poi a consuntivo.',
  includedAlways: 'I controlli diagnostici sui sistemi gestiti sono sempre inclusi.',
  howDecided: [
    'La categoria dice cosa aspettarti; la classificazione definitiva arriva alla risoluzione, secondo la causa trovata dal tecnico:',
    [
      'causa nostra (infrastruttura, configurazione iniziale, nostra azione): incluso, qualunque sia la categoria;',
      'causa tua o di terzi non a nostro carico: a pagamento, chiuso come “causa cliente”;',
      'nessun guasto (una richiesta): decide la categoria. Le informazioni sono incluse, le altre richieste a pagamento;',
      'un disservizio di rete in corso sul tuo account quando apri il ticket: incluso.',
    ],
  ],
};

const en: HelpText = {
  faqIntro: 'Answers to the most common questions about the support model, which tells included technical support apart from value-added work.',
  faq: [
    {
      q: 'Why has the support model changed?',
      a: [
        'We have many more customers, and our services have become more customised and complex. To keep giving you quality service and proper response times we introduced a clearer model that tells included technical support apart from value-added work.',
        'Basic support and assistance on our services always remain included in the fee you already pay.',
      ],
    },
    {
      q: 'What stays free and included?',
      a: [
        'Support for the correct working of the service we provide, that is:',
        [
          'reports of faults caused by our infrastructure or our initial configuration;',
          'diagnostic checks and verifications on managed systems;',
          'restoring the service after faults or errors that are ours.',
        ],
      ],
      link: { path: '/included', label: 'What is included' },
    },
    {
      q: 'What is billable?',
      a: [
        'Value-added work:',
        [
          'configuration changes or updates you ask for;',
          'support on problems caused by your own equipment, network or software;',
          'consulting or custom requests (analysis, tests, integrations, training, etc.);',
          'repeated or recurring activities not covered by the base contract.',
        ],
      ],
      link: { path: '/included', label: 'What is included' },
    },
    {
      q: 'What are the free hours?',
      a: [
        'To ease the change, every customer was given a bank of free hours of advanced support.',
        'The first requests classified as “billable” are drawn from these hours, at no charge.',
      ],
      link: { path: '/hours', label: 'Hours and movements' },
    },
    {
      q: 'What happens when the free hours are used up?',
      a: [
        'We tell you by email. From then on you can choose between two options:',
        [
          'work billed as it is done (“a consuntivo”), by the time actually spent, on your next invoice;',
          'prepaid packages of hours, at a reduced hourly price compared with the standard rate, sized to your account’s average use.',
        ],
        'You can order a package yourself in your reserved area, or through your account manager.',
      ],
      link: { path: '/packages', label: 'Packages of hours' },
    },
    {
      q: 'What is in the reserved area?',
      a: [
        'The status of your support requests, the classification of each piece of work (included / billable) with its reason, and each ticket’s handling times. Live, you also see:',
        ['the hours you have left;', 'the detail of the work done;', 'the history of the work and the time billed.'],
        'So you can see clearly what support you received and estimate any costs.',
      ],
      link: { path: '/hours', label: 'Hours and movements' },
    },
    {
      q: 'Can I know beforehand whether a request will be billable?',
      a: [
        'Not always. The summary schema tells you what to expect for each kind of request: if it is about configuration changes or anything beyond the correct working of the service, you already know it will be billed. When you open a ticket we show you, before you send it, whether its category is included or billable.',
        'Our technicians always start at once to check the problem you report and help you solve it. If the cause turns out not to be ours but a third element (yours, or a component not under our care), the ticket is closed as “customer cause” and billed.',
      ],
      link: { path: '/included', label: 'What is included' },
    },
    {
      q: 'What if I disagree with the classification?',
      a: [
        'On a closed ticket’s page you can contest a “billable” classification once, giving your reason. If the contest is accepted, the ticket becomes included and every minute drawn for it goes back where it came from.',
      ],
      link: { path: '/tickets', label: 'Your tickets' },
    },
    {
      q: 'Why this change? Will it cost me more?',
      a: [
        'The aim is not to add costs, but to give:',
        [
          'better technical support;',
          'faster response times;',
          'transparency on the work done;',
          'value-added support and consulting on advanced services, beyond simply maintaining the service;',
          'every customer the choice of the level of service that suits them best.',
        ],
      ],
    },
  ],
  includedIntro: 'The summary schema: what basic support includes, and what is value-added work.',
  includedHeading: 'Basic support, included',
  includedLead: 'Free. Basic support for the correct working of the services always remains free and included.',
  billableHeading: 'Custom support',
  billableLead:
    'Support package. Work on custom configurations or on problems not caused by our systems is billed by use: drawn from the free hours, then from prepaid packages, then on the next invoice.',
  includedAlways: 'Diagnostic checks on managed systems are always included.',
  howDecided: [
    'The category tells you what to expect; the final classification comes at resolution, from the cause the technician found:',
    [
      'our cause (infrastructure, initial configuration, our action): included, whatever the category;',
      'your cause or a third party not under our care: billable, closed as “customer cause”;',
      'no fault (a request): the category decides. Information is included, other requests are billable;',
      'a network incident covering your account when you open the ticket: included.',
    ],
  ],
};

export const helpText: Record<Lang, HelpText> = { it, en };
