/**
 * The buyer's forms (DC1, DC2, ATTRI1) as files: both formats carry the title block, the
 * members, the amounts and the page numbers, and the DOCX opens in LibreOffice (converted to PDF
 * by `soffice --headless`, the reader many buyers and groups use), with the same figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formToDocx, formToPdf } from '../../../src/lib/server/exports';
import { formFixture, norm, pdfText, readDocx } from './fixtures';

const SOFFICE = '/usr/bin/soffice';
const work = mkdtempSync(join(tmpdir(), 'cotrait-forms-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The DOCX converted to PDF by LibreOffice, read back as text. */
async function throughLibreOffice(name: string, docx: Uint8Array): Promise<{ text: string; pages: number }> {
	const source = join(work, `${name}.docx`);
	writeFileSync(source, docx);
	execFileSync(
		SOFFICE,
		[`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, source],
		{ stdio: 'ignore', timeout: 120_000 }
	);
	const pdf = join(work, `${name}.pdf`);
	expect(existsSync(pdf), `${name}.pdf written by LibreOffice`).toBe(true);
	return pdfText(new Uint8Array(readFileSync(pdf)));
}

describe('buyer forms, rendered', () => {
	it('ATTRI1 as PDF: title block, members, amounts HT / TVA / TTC, page numbers', async () => {
		const { text, pages } = await pdfText(await formToPdf(formFixture('attri1', false)));
		const t = norm(text);
		expect(t).toContain('ATTRI1 — Acte d’engagement');
		expect(t).toContain('Lot n° 2 : Site et contenus');
		expect(t).toContain('Référence de la consultation : CCSF-2026-014');
		expect(t).toContain('Document établi avec Cotrait le 3 mars 2026');
		expect(t).toContain('CAE GAMMA');
		expect(t).toContain('15 098,99 €');
		expect(t).toContain('23 798,77 €');
		expect(t).toContain('[X] Groupement conjoint');
		expect(t).toContain(`Page 1 / ${pages}`);
		expect(t).not.toContain('BROUILLON');
	});

	it('a draft DC1 as DOCX is marked « BROUILLON » and numbers its pages', async () => {
		const docx = readDocx(await formToDocx(formFixture('dc1', true)));
		const all = norm(docx.allText());
		expect(all).toContain('BROUILLON');
		expect(all).toContain('DC1 — Lettre de candidature');
		expect(all).toContain('SIRET : 98765432100022');
		expect(docx.xml('word/footer1.xml')).toContain('NUMPAGES');
	});

	it.skipIf(!existsSync(SOFFICE))(
		'DC1 and ATTRI1 DOCX open in LibreOffice with the members and amounts',
		async () => {
			const dc1 = norm((await throughLibreOffice('dc1', await formToDocx(formFixture('dc1', false)))).text);
			expect(dc1).toContain('DC1 — Lettre de candidature');
			expect(dc1).toContain('CAE GAMMA (mandataire)');
			expect(dc1).toContain('CAE DELTA');
			expect(dc1).toContain('Développement du site');
			expect(dc1).toContain('lot n° 2 : 19 832,31 €');
			const attri1 = norm((await throughLibreOffice('attri1', await formToDocx(formFixture('attri1', false)))).text);
			expect(attri1).toContain('CAE DELTA');
			expect(attri1).toContain('4 733,32 €');
			expect(attri1).toContain('3 966,46 €');
			expect(attri1).toContain('23 798,77 €');
		},
		180_000
	);
});
