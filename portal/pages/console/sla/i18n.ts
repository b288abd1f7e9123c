import { defineMessages } from '../../../i18n/index';

/** The SLA settings' words (finance and admin). */
const it = {
  title: 'Tempi di servizio (SLA)',
  intro: 'Obiettivi per categoria, in minuti, calcolati 24 ore su 24 dall’apertura del ticket. Valgono per i ticket aperti dopo il salvataggio; quelli già aperti mantengono i propri.',
  category: 'Categoria',
  firstResponse: 'Prima risposta (minuti)',
  resolution: 'Risoluzione (minuti)',
  atRisk: 'A rischio dopo (% dell’obiettivo trascorso)',
  atRiskHint: 'Da 1 a 99: un ticket diventa «a rischio» quando è trascorsa questa parte del tempo.',
  save: 'Salva gli obiettivi',
  saving: 'Salvataggio…',
  saved: 'Obiettivi salvati.',
  lastSaved: (when: string, by: string) => `Ultima modifica ${when} di ${by}.`,
  defaults: 'Si applicano i valori predefiniti: nessuno li ha ancora modificati.',
  wholeMinutes: 'Scrivi un numero intero di minuti da 1 a 525.600',
  resolutionAfter: 'Deve essere almeno pari alla prima risposta',
  percent: 'Scrivi un numero intero da 1 a 99',
  refused: 'Gli obiettivi non sono stati salvati. Riprova.',
  asTime: (text: string) => `= ${text}`,
};
const en: typeof it = {
  title: 'Service times (SLA)',
  intro: 'Targets per category, in minutes, counted around the clock from when the ticket is opened. They apply to tickets opened after saving; open tickets keep theirs.',
  category: 'Category',
  firstResponse: 'First response (minutes)',
  resolution: 'Resolution (minutes)',
  atRisk: 'At risk after (% of the target elapsed)',
  atRiskHint: 'From 1 to 99: a ticket turns “at risk” once this share of its time has passed.',
  save: 'Save targets',
  saving: 'Saving…',
  saved: 'Targets saved.',
  lastSaved: (when: string, by: string) => `Last changed ${when} by ${by}.`,
  defaults: 'The defaults apply: nobody has changed them yet.',
  wholeMinutes: 'Type a whole number of minutes from 1 to 525,600',
  resolutionAfter: 'Must be at least the first response',
  percent: 'Type a whole number from 1 to 99',
  refused: 'The targets were not saved. Try again.',
  asTime: (text: string) => `= ${text}`,
};
export const sm = defineMessages(it, en);
