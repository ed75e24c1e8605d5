import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../support/context';
import { CSV_BOM, csvField, money, quantityPlain, rate, toCsv } from '../../../src/lib/server/split/csv';
import { exportFileName, paymentsCsv, paymentsJson, splitCsv, splitJson } from '../../../src/lib/server/split/export';
import { decideBid } from '../../../src/lib/server/split/decision.service';
import { loadExport } from '../../../src/lib/server/split/export-data';
import { recordPayment } from '../../../src/lib/server/split/payments.service';
import { parisDateOf } from '../../../src/lib/server/split/split-rules';
import { buildWorkedExample, markSubmitted, type WorkedExample } from './helpers';

/** A strict reader of the CSV dialect we write: `;`, `"` quoting with doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === ';') {
			row.push(field);
			field = '';
		} else if (c === '\r') {
			expect(text[i + 1]).toBe('\n');
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else if (c === '\n') throw new Error(`bare LF at ${i}`);
		else field += c;
	}
	expect(field).toBe('');
	expect(row).toEqual([]);
	return rows;
}

/** "9642,41" → 964241 cents, refusing anything but the French plain format. */
function cents(s: string): number {
	expect(s).toMatch(/^-?\d+,\d{2}$/);
	return Math.round(Number(s.replace(',', '.')) * 100);
}

/** The rows of a section: those after its title and header row, up to the next empty row. */
function section(rows: string[][], title: string): { header: string[]; rows: string[][] } {
	const start = rows.findIndex((r) => r.length === 1 && r[0] === title);
	expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
	const out: string[][] = [];
	for (let i = start + 2; i < rows.length && !(rows[i]!.length === 1 && rows[i]![0] === ''); i++) out.push(rows[i]!);
	return { header: rows[start + 1]!, rows: out };
}

describe('CSV cells', () => {
	it('escapes for French Excel', () => {
		expect(csvField('Chloé Bernard')).toBe('Chloé Bernard');
		expect(csvField('Bilan ; évaluation')).toBe('"Bilan ; évaluation"');
		expect(csvField('Le « site » "accessible"')).toBe('"Le « site » ""accessible"""');
		expect(csvField('deux\nlignes')).toBe('"deux\nlignes"');
		expect(csvField(' espace')).toBe('" espace"');
		expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvField('-5')).toBe("'-5");
		expect(csvField(money(-5))).toBe('-0,05');
		expect(csvField(money(387_525))).toBe('3875,25');
		expect(csvField(rate(450))).toBe('4,50');
		expect(csvField(null)).toBe('');
		expect(quantityPlain(2_500)).toBe('2,5');
		expect(quantityPlain(12_000)).toBe('12');
		expect(quantityPlain(125)).toBe('0,125');
	});

	it('writes a BOM, `;` and CRLF line ends', () => {
		const text = toCsv([
			['a', money(1)],
			['é', 'x;y']
		]);
		expect(text).toBe(`${CSV_BOM}a;0,01\r\né;"x;y"\r\n`);
		expect(parseCsv(text.slice(1))).toEqual([
			['a', '0,01'],
			['é', 'x;y']
		]);
	});

	it('names files in ASCII', () => {
		expect(exportFileName('repartition', '2026-CCCSO-014', 'csv')).toBe('repartition-2026-CCCSO-014.csv');
		expect(exportFileName('paiements', 'Réf. été/2026 "x"', 'json')).toBe('paiements-Ref-ete-2026-x.json');
	});
});

describe('exports of the worked example', () => {
	let ctx: TestContext;
	let w: WorkedExample;
	beforeAll(async () => {
		ctx = await createTestContext();
		w = await buildWorkedExample(ctx);
	});
	afterAll(() => ctx.cleanup());

	it('the split CSV parses back to the split’s figures, accents and all', async () => {
		const { split, meta } = await loadExport(ctx, w.anne, w.bidId);
		const text = splitCsv(meta, split);
		const bytes = Buffer.from(text, 'utf8');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		// Read back as a spreadsheet would: UTF-8 with BOM.
		const decoded = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
		expect(decoded.startsWith('Répartition;')).toBe(true);
		const rows = parseCsv(decoded);

		const people = section(rows, 'Par personne');
		expect(people.header).toEqual([
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
		const byName = Object.fromEntries(people.rows.map((r) => [r[0], r]));
		expect(Object.keys(byName)).toEqual(['Anne Martin', 'Bruno Petit', 'Chloé Bernard', 'Total']);
		for (const p of split.people) {
			const r = byName[p.name]!;
			expect([r[3], r[4], r[5], r[6], r[8], r[9]].map((x) => cents(x!))).toEqual([
				p.grossCents,
				p.feePaidCents,
				p.feeReceivedCents,
				p.baseCents,
				p.contributionCents,
				p.netCents
			]);
		}
		expect(byName['Anne Martin']!.slice(1, 3)).toEqual(['CAE GAMMA', 'oui']);
		expect(byName['Chloé Bernard']![7]).toBe('9,00');
		expect(byName['Chloé Bernard']![9]).toBe('13649,01');
		expect(byName['Bruno Petit']![9]).toBe('5931,16');
		expect(byName['Anne Martin']![9]).toBe('9642,41');
		expect(cents(byName.Total![3]!)).toBe(3_249_731);
		expect(cents(byName.Total![9]!)).toBe(2_922_258);

		const lots = section(rows, 'Par lot et membre du groupement (DC1 / ATTRI1)');
		expect(lots.rows.filter((r) => r[2] !== 'Total du lot').map((r) => [r[0], r[2], r[3]])).toEqual([
			['1', 'CAE GAMMA', '12140,13'],
			['1', 'CAE DELTA', '524,87'],
			['2', 'CAE GAMMA', '4733,32'],
			['2', 'CAE DELTA', '15098,99']
		]);

		const orgs = section(rows, 'Par structure');
		for (const o of split.organisations) {
			const r = orgs.rows.find((x) => x[0] === o.name)!;
			expect([r[1], r[5], r[6]].map((x) => cents(x!))).toEqual([o.amountCents, o.contributionCents, o.netCents]);
		}

		const fees = section(rows, 'Frais de coordination entre structures');
		// Read one way: the issuer (the coordinator's CAE) invoices the payer, in the columns and in words.
		expect(fees.header).toEqual(['Émetteur de la facture', 'Facturé à', 'Facture', 'Libellé', 'HT', 'TVA (%)', 'TVA', 'TTC']);
		const delta = fees.rows.find((r) => r[1] === 'CAE DELTA')!;
		expect(delta.slice(0, 3)).toEqual(['CAE GAMMA', 'CAE DELTA', 'oui']);
		expect(delta[3]).toMatch(/^CAE GAMMA facture 624,95\s€ HT à CAE DELTA$/);
		const invoice = split.feeInvoices.find((f) => f.fromOrganisationId === w.delta)!;
		expect([delta[4], delta[6], delta[7]].map((x) => cents(x!))).toEqual([invoice.amountHtCents, invoice.vatCents, invoice.amountTtcCents]);
		expect(cents(delta[4]!)).toBe(62_495);
		const internal = fees.rows.find((r) => r[1] === 'CAE GAMMA')!;
		expect(internal.slice(0, 3)).toEqual(['CAE GAMMA', 'CAE GAMMA', 'interne (pas de facture)']);
		expect(internal[3]).toMatch(/^CAE GAMMA : transfert interne de 277,68\s€ entre ses membres, sans facture$/);

		const lines = section(rows, 'Détail des lignes');
		const bilan = lines.rows.filter((r) => r[2] === 'Bilan et évaluation');
		expect(bilan.map((r) => [r[3], r[5], r[6], r[7], r[9]])).toEqual([
			['2,5', '419,90', '1049,75', 'Anne Martin', '524,88'],
			['2,5', '419,90', '1049,75', 'Chloé Bernard', '524,87']
		]);
		expect(lines.rows.reduce((a, r) => a + cents(r[9]!), 0)).toBe(split.totals.offerCents);
	});

	it('the split JSON is in cents', async () => {
		const { split, meta } = await loadExport(ctx, w.bruno, w.bidId);
		const json = JSON.parse(JSON.stringify(splitJson(meta, split))) as ReturnType<typeof splitJson>;
		expect(json.people.map((p) => p.netCents)).toEqual([964_241, 593_116, 1_364_901]);
		expect(json.lots.map((l) => [l.number, l.members.map((m) => m.amountCents)])).toEqual([
			[1, [1_214_013, 52_487]],
			[2, [473_332, 1_509_899]]
		]);
		expect(json.lines.find((l) => l.code === 'L1-3')!.amountCents).toBe(104_975);
		const billed = json.feeInvoices.find((f) => !f.internal)!;
		expect([billed.issuerName, billed.billedName, billed.amountHtCents]).toEqual(['CAE GAMMA', 'CAE DELTA', 62_495]);
		expect(billed.statement).toMatch(/^CAE GAMMA facture 624,95\s€ HT à CAE DELTA$/);
	});

	it('the payment ledger CSV and JSON', async () => {
		await markSubmitted(ctx, w.bidId);
		await decideBid(ctx, w.anne, w.bidId, 'won');
		const receivedOn = parisDateOf(ctx.now());
		await recordPayment(ctx, w.anne, w.bidId, { lotId: w.lot1, organisationId: w.gamma, amountCents: 500_000, receivedOn });
		const { ledger, meta } = await loadExport(ctx, w.chloe, w.bidId);
		const rows = parseCsv(paymentsCsv(meta, ledger).slice(1));
		const payments = section(rows, 'Paiements');
		expect(payments.rows[0]!.slice(1, 5)).toEqual(['1', 'CAE GAMMA', '5000,00', 'Anne Martin']);
		expect(payments.rows[0]![0]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
		const shares = section(rows, 'Part de chaque personne');
		expect(shares.rows.map((r) => [r[4], r[5]])).toEqual([
			['Anne Martin', '3403,95'],
			['Bruno Petit', '1596,05']
		]);
		const people = section(rows, 'Par personne');
		expect(people.rows.find((r) => r[0] === 'Chloé Bernard')!.slice(2)).toEqual(['15623,86', '0,00', '15623,86']);
		const json = paymentsJson(meta, ledger);
		expect(json.payments[0]!.amountCents).toBe(500_000);
		expect(json.payments[0]!.receivedOn).toBe(new Date(receivedOn).toISOString().slice(0, 10));
		expect(json.totals).toEqual({ expectedCents: 3_249_731, receivedCents: 500_000, remainingCents: 2_749_731 });
	});
});
