import { centsToDecimal, ratePercent } from './amounts';
import type { Draft } from './draft';
import type { PostalAddress } from './fiscal-data';
import { latinText } from './latin-text';

/**
 * A draft as FatturaPA 1.2.2 XML (FPR12), unsigned: the intermediary signs and sends it. Written by
 * hand rather than with an XML library: the document is a fixed tree of a few dozen elements whose
 * order the schema fixes, every text goes through `latinText` (which an XML library would not do for
 * us) and then through the five-entity escape below, and nothing is ever parsed. The tests validate
 * what this writes against the official XSD with xmllint.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** `<name>text</name>`, text escaped; nothing when the value is absent. */
const el = (name: string, value: string | number | undefined): string => (value === undefined || value === '' ? '' : `<${name}>${escape(String(value))}</${name}>`);
const group = (name: string, ...children: string[]): string => `<${name}>${children.join('')}</${name}>`;

/** `IT01234567897` → IdPaese IT, IdCodice 01234567897. */
const idFiscale = (name: string, vat: string) => group(name, el('IdPaese', vat.slice(0, 2)), el('IdCodice', vat.slice(2)));

function sede(a: PostalAddress): string {
  return group(
    'Sede',
    el('Indirizzo', latinText(a.street, 60)),
    el('NumeroCivico', a.number ? latinText(a.number, 8).replace(/[^\x20-\x7e]/g, '?') : undefined),
    el('CAP', a.cap),
    el('Comune', latinText(a.comune, 60)),
    el('Provincia', a.provincia),
    el('Nazione', a.country),
  );
}

export function draftXml(d: Draft): string {
  const s = d.supplier;
  const c = d.customer;
  const recipient = c.pec && (!c.recipientCode || c.recipientCode === '0000000') ? '0000000' : (c.recipientCode ?? '0000000');
  const header = group(
    'FatturaElettronicaHeader',
    group(
      'DatiTrasmissione',
      idFiscale('IdTrasmittente', s.transmitterId),
      el('ProgressivoInvio', d.progressive),
      el('FormatoTrasmissione', 'FPR12'),
      el('CodiceDestinatario', recipient),
      recipient === '0000000' ? el('PECDestinatario', c.pec) : '',
    ),
    group(
      'CedentePrestatore',
      group('DatiAnagrafici', idFiscale('IdFiscaleIVA', s.vatNumber), el('CodiceFiscale', s.taxCode), group('Anagrafica', el('Denominazione', latinText(s.name, 80))), el('RegimeFiscale', s.regimeFiscale)),
      sede(s.address),
      s.rea
        ? group(
            'IscrizioneREA',
            el('Ufficio', s.rea.office),
            el('NumeroREA', latinText(s.rea.number, 20).replace(/[^\x20-\x7e]/g, '?')),
            el('CapitaleSociale', s.rea.shareCapitalCents === undefined ? undefined : centsToDecimal(s.rea.shareCapitalCents)),
            el('SocioUnico', s.rea.soleShareholder),
            el('StatoLiquidazione', s.rea.liquidation),
          )
        : '',
    ),
    group(
      'CessionarioCommittente',
      group(
        'DatiAnagrafici',
        c.subjectType !== 'consumer' && c.vatNumber ? idFiscale('IdFiscaleIVA', c.vatNumber) : '',
        el('CodiceFiscale', c.taxCode),
        group('Anagrafica', el('Denominazione', latinText(c.legalName ?? '', 80))),
      ),
      sede(c.address!),
    ),
  );
  const generali = group(
    'DatiGenerali',
    group(
      'DatiGeneraliDocumento',
      el('TipoDocumento', d.type),
      el('Divisa', 'EUR'),
      el('Data', d.date),
      el('Numero', d.number),
      el('ImportoTotaleDocumento', centsToDecimal(d.totalCents)),
      el('Causale', latinText(d.type === 'TD04' ? 'Nota di credito: storno di assistenza a consuntivo fatturata in precedenza' : 'Assistenza tecnica a consuntivo e pacchetti di ore prepagate', 200)),
    ),
    ...(d.linked ?? []).map((l) => group('DatiFattureCollegate', ...l.lines.map((n) => el('RiferimentoNumeroLinea', n)), el('IdDocumento', l.number), el('Data', l.date))),
  );
  const beni = group(
    'DatiBeniServizi',
    ...d.lines.map((l) =>
      group(
        'DettaglioLinee',
        el('NumeroLinea', l.number),
        el('Descrizione', l.description),
        el('Quantita', l.quantity),
        el('UnitaMisura', l.unit),
        el('PrezzoUnitario', l.price),
        el('PrezzoTotale', l.total),
        el('AliquotaIVA', ratePercent(l.vatRatePercent)),
      ),
    ),
    ...d.summary.map((r) => group('DatiRiepilogo', el('AliquotaIVA', ratePercent(r.vatRatePercent)), el('ImponibileImporto', centsToDecimal(r.baseCents)), el('Imposta', centsToDecimal(r.vatCents)), el('EsigibilitaIVA', 'I'))),
  );
  const pagamento = d.payment
    ? group(
        'DatiPagamento',
        el('CondizioniPagamento', 'TP02'),
        group(
          'DettaglioPagamento',
          el('ModalitaPagamento', 'MP05'),
          el('DataRiferimentoTerminiPagamento', d.date),
          el('GiorniTerminiPagamento', Math.min(d.payment.termsDays, 999)),
          el('DataScadenzaPagamento', d.payment.dueDate),
          el('ImportoPagamento', centsToDecimal(d.payment.amountCents)),
          el('IBAN', s.iban),
        ),
      )
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<p:FatturaElettronica versione="FPR12" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2">' +
    header +
    group('FatturaElettronicaBody', generali, beni, pagamento) +
    '</p:FatturaElettronica>\n'
  );
}
