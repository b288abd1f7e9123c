import { defineMessages } from '../../i18n/index';

/** The console shell's words (navigation, shortcuts): in the console chunk, never in the customer's entry. */
const it = {
  consoleNav: 'Navigazione della console',
  navQueue: 'Coda',
  navIncidents: 'Disservizi',
  navSupervisor: 'Supervisione',
  navBalances: 'Saldi',
  navCatalogue: 'Pacchetti',
  navExports: 'Esportazioni',
  navSla: 'Tempi di servizio',
  navCustomers: 'Clienti',
  navUsers: 'Utenti',
  shortcutsTitle: 'Scorciatoie da tastiera',
  shortcutsHint: 'Premi ? per le scorciatoie',
  shortcutsClose: 'Chiudi',
  shortcutsKey: 'Tasto',
  shortcutsAction: 'Azione',
  shortcutsHelp: 'Mostra o nasconde questo elenco',
  areaLoading: 'Caricamento della sezione…',
};

const en: typeof it = {
  consoleNav: 'Console navigation',
  navQueue: 'Queue',
  navIncidents: 'Incidents',
  navSupervisor: 'Supervision',
  navBalances: 'Balances',
  navCatalogue: 'Packages',
  navExports: 'Exports',
  navSla: 'Service times',
  navCustomers: 'Customers',
  navUsers: 'Users',
  shortcutsTitle: 'Keyboard shortcuts',
  shortcutsHint: 'Press ? for shortcuts',
  shortcutsClose: 'Close',
  shortcutsKey: 'Key',
  shortcutsAction: 'Action',
  shortcutsHelp: 'Show or hide this list',
  areaLoading: 'Loading the section…',
};

export const cm = defineMessages(it, en);
