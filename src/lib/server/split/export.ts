/**
 * Exports of the split and of the payment ledger for the CAEs' accounting: the rows of each CSV
 * file (written in the dialect of `csv.ts`) and the JSON documents.
 *
 * A CSV file holds one table per section: a title row, a header row, the rows, then an empty row.
 *
 * JSON: amounts in integer cents, rates in basis points, dates as ISO strings (machine friendly).
 *
 * Pure functions: no database, no clock (the caller passes the generation time).
 */
import type { SplitResult } from '../../domain/split';
import { datePlain, int, money, quantityPlain, rate, toCsv, type CsvCell } from './csv';
import type { PaymentLedger } from './ledger';
import { feeInvoiceViews } from './split-rules';

/** A calendar date stored as 00:00 UTC → "2026-11-27". */
export function dateIso(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export interface ExportMeta {
	bidId: string;
	title: string;
	buyer: string;
	reference: string;
	status: string;
	/** Lot id → number. */
	lotNumbers: Record<string, number>;
	/** Line id → code and unit, which the split does not carry. */
	lineInfo: Record<string, { code: string; unit: string }>;
	/** Generation time, ms. */
	generatedAt: number;
}

function lotNo(meta: ExportMeta, lotId: string): CsvCell {
	const n = meta.lotNumbers[lotId];
	return n === undefined ? '' : int(n);
}

function header(meta: ExportMeta, what: string): CsvCell[][] {
	return [[what, meta.title], ['Acheteur', meta.buyer], ['Référence', meta.reference], ['Montants', 'euros HT, virgule décimale'], []];
}

/** The whole split as CSV rows (sections: people, lots × members, organisations, fee invoices, lines). */
export function splitCsvRows(meta: ExportMeta, split: SplitResult): CsvCell[][] {
	const names = new Map(split.people.map((p) => [p.personId, p.name]));
	const orgNames = new Map(split.organisations.map((o) => [o.organisationId, o.name]));
	const rows: CsvCell[][] = header(meta, 'Répartition');
	rows.push(['Frais de coordination (%)', rate(split.feeRateBp)]);
	rows.push(['Montant total de l’offre', money(split.totals.offerCents)]);
	rows.push([]);

	rows.push(['Par personne']);
	rows.push([
		'Personne',
		'Structure',
		'Coordination',
		'Brut',
		'Frais versés',
		'Frais reçus',
		'Base',
		'Taux de contribution (%)',
		'Contribution',
		'Net'
	]);
	for (const p of split.people) {
		rows.push([
			p.name,
			orgNames.get(p.organisationId) ?? '',
			p.isCoordinator ? 'oui' : 'non',
			money(p.grossCents),
			money(p.feePaidCents),
			money(p.feeReceivedCents),
			money(p.baseCents),
			rate(p.contributionRateBp),
			money(p.contributionCents),
			money(p.netCents)
		]);
	}
	const t = split.totals;
	rows.push([
		'Total',
		'',
		'',
		money(t.grossCents),
		money(t.feeCents),
		money(t.feeCents),
		money(t.baseCents),
		'',
		money(t.contributionCents),
		money(t.netCents)
	]);
	rows.push([]);

	rows.push(['Par lot et membre du groupement (DC1 / ATTRI1)']);
	rows.push(['Lot', 'Intitulé', 'Membre', 'Montant']);
	for (const lot of split.lots) {
		for (const m of lot.members) rows.push([lotNo(meta, lot.lotId), lot.label, m.name, money(m.amountCents)]);
		rows.push([lotNo(meta, lot.lotId), lot.label, 'Total du lot', money(lot.amountCents)]);
	}
	rows.push([]);

	rows.push(['Par structure']);
	rows.push(['Structure', 'Facturé à l’acheteur', 'Frais versés', 'Frais reçus', 'Base', 'Contribution', 'Net']);
	for (const o of split.organisations) {
		rows.push([
			o.name,
			money(o.amountCents),
			money(o.feePaidCents),
			money(o.feeReceivedCents),
			money(o.baseCents),
			money(o.contributionCents),
			money(o.netCents)
		]);
	}
	rows.push([]);

	// One direction everywhere: the issuer of the invoice first, then whom it bills (split-rules).
	rows.push(['Frais de coordination entre structures']);
	rows.push(['Émetteur de la facture', 'Facturé à', 'Facture', 'Libellé', 'HT', 'TVA (%)', 'TVA', 'TTC']);
	for (const f of feeInvoiceViews(split)) {
		rows.push([
			f.issuerName,
			f.billedName,
			f.internal ? 'interne (pas de facture)' : 'oui',
			f.statement,
			money(f.amountHtCents),
			rate(f.vatRateBp),
			money(f.vatCents),
			money(f.amountTtcCents)
		]);
	}
	rows.push([]);

	rows.push(['Détail des lignes']);
	rows.push(['Lot', 'Code', 'Désignation', 'Quantité', 'Unité', 'Prix unitaire', 'Montant de la ligne', 'Personne', 'Poids', 'Part']);
	for (const l of split.lines) {
		const info = meta.lineInfo[l.id] ?? { code: '', unit: '' };
		for (const part of l.parts) {
			rows.push([
				lotNo(meta, l.lotId),
				info.code,
				l.label,
				quantityPlain(l.quantityMilli),
				info.unit,
				money(l.unitPriceCents),
				money(l.amountCents),
				names.get(part.personId) ?? '',
				int(part.weight),
				money(part.amountCents)
			]);
		}
	}
	return rows;
}

export function splitCsv(meta: ExportMeta, split: SplitResult): string {
	return toCsv(splitCsvRows(meta, split));
}

/** The split as JSON (cents, basis points). */
export function splitJson(meta: ExportMeta, split: SplitResult) {
	return {
		format: 'cotrait.split/2',
		currency: 'EUR',
		amounts: 'integer cents HT',
		rates: 'integer basis points (1 % = 100)',
		generatedAt: new Date(meta.generatedAt).toISOString(),
		bid: { id: meta.bidId, title: meta.title, buyer: meta.buyer, reference: meta.reference, status: meta.status },
		lots: split.lots.map((l) => ({ ...l, number: meta.lotNumbers[l.lotId] ?? null })),
		lines: split.lines.map((l) => ({
			...l,
			code: meta.lineInfo[l.id]?.code ?? '',
			unit: meta.lineInfo[l.id]?.unit ?? '',
			lotNumber: meta.lotNumbers[l.lotId] ?? null
		})),
		people: split.people,
		organisations: split.organisations,
		// Issuer → billed organisation, in words too (format 2: format 1 had payer « from », receiver « to »).
		feeInvoices: feeInvoiceViews(split),
		feeRateBp: split.feeRateBp,
		coordinatorId: split.coordinatorId,
		totals: split.totals
	};
}

/** The payment ledger as CSV rows (payments, shares, per lot and member, per person). */
export function paymentsCsvRows(meta: ExportMeta, ledger: PaymentLedger): CsvCell[][] {
	const rows: CsvCell[][] = header(meta, 'Paiements reçus');
	rows.push(['Paiements']);
	rows.push(['Date de réception', 'Lot', 'Membre', 'Montant reçu', 'Enregistré par']);
	for (const p of ledger.payments)
		rows.push([datePlain(p.receivedOn), int(p.lotNumber), p.organisationName, money(p.amountCents), p.recordedByName]);
	rows.push(['Total', '', '', money(ledger.totals.receivedCents), '']);
	rows.push([]);

	rows.push(['Part de chaque personne']);
	rows.push(['Date de réception', 'Lot', 'Membre', 'Montant reçu', 'Personne', 'Part']);
	for (const p of ledger.payments) {
		for (const s of p.shares)
			rows.push([datePlain(p.receivedOn), int(p.lotNumber), p.organisationName, money(p.amountCents), s.name, money(s.amountCents)]);
	}
	rows.push([]);

	rows.push(['Par lot et membre du groupement']);
	rows.push(['Lot', 'Membre', 'Attendu', 'Reçu', 'Reste à recevoir']);
	for (const m of ledger.memberLots)
		rows.push([int(m.lotNumber), m.organisationName, money(m.expectedCents), money(m.receivedCents), money(m.remainingCents)]);
	rows.push([]);

	rows.push(['Par personne']);
	rows.push(['Personne', 'Structure', 'Attendu (brut)', 'Reçu', 'Reste à recevoir']);
	for (const p of ledger.people)
		rows.push([p.name, p.organisationName, money(p.expectedCents), money(p.receivedCents), money(p.outstandingCents)]);
	rows.push(['Total', '', money(ledger.totals.expectedCents), money(ledger.totals.receivedCents), money(ledger.totals.remainingCents)]);
	return rows;
}

export function paymentsCsv(meta: ExportMeta, ledger: PaymentLedger): string {
	return toCsv(paymentsCsvRows(meta, ledger));
}

/** The payment ledger as JSON (cents, ISO dates). */
export function paymentsJson(meta: ExportMeta, ledger: PaymentLedger) {
	return {
		format: 'cotrait.payments/1',
		currency: 'EUR',
		amounts: 'integer cents HT',
		generatedAt: new Date(meta.generatedAt).toISOString(),
		bid: { id: meta.bidId, title: meta.title, buyer: meta.buyer, reference: meta.reference, status: meta.status },
		payments: ledger.payments.map((p) => ({
			id: p.id,
			receivedOn: dateIso(p.receivedOn),
			lotId: p.lotId,
			lotNumber: p.lotNumber,
			organisationId: p.organisationId,
			organisationName: p.organisationName,
			amountCents: p.amountCents,
			recordedBy: p.recordedByName,
			recordedAt: new Date(p.createdAt).toISOString(),
			shares: p.shares
		})),
		memberLots: ledger.memberLots,
		people: ledger.people,
		totals: ledger.totals
	};
}

/** An ASCII file name for Content-Disposition, from the bid's reference. */
export function exportFileName(prefix: string, reference: string, ext: 'csv' | 'json'): string {
	const slug = reference
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return `${prefix}${slug ? `-${slug}` : ''}.${ext}`;
}
