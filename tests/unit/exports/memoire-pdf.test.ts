import { beforeAll, describe, expect, it } from 'vitest';
import { memoireToPdf, sha256Hex } from '../../../src/lib/server/exports';
import { MEMBER_ORGS, memoireFixture, norm, pdfLinks, pdfText } from './fixtures';

describe('memoireToPdf', () => {
	let draftBytes: Uint8Array;
	let finalBytes: Uint8Array;
	let draft: string;
	let final: string;
	let pages: number;

	beforeAll(async () => {
		draftBytes = await memoireToPdf(memoireFixture(true));
		finalBytes = await memoireToPdf(memoireFixture(false));
		const parsed = await pdfText(draftBytes);
		draft = norm(parsed.text);
		pages = parsed.pages;
		final = norm((await pdfText(finalBytes)).text);
	});

	it('is a PDF: cover, « Sommaire », content', () => {
		expect(new TextDecoder().decode(draftBytes.slice(0, 5))).toBe('%PDF-');
		expect(pages).toBe(3);
	});

	it('has the cover data: buyer, reference, title, lot, every member, the mandataire, the form, the DLRO', () => {
		const input = memoireFixture(true);
		expect(draft).toContain('Communauté de communes Bray & Eawy');
		expect(draft).toContain(input.tender.reference);
		expect(draft).toContain(input.tender.title);
		expect(draft).toContain('Lot n° 1 : Concertation et ateliers');
		for (const org of MEMBER_ORGS) expect(draft).toContain(org);
		expect(draft).toContain('CAE GAMMA Anne Martin, Bruno Petit Mandataire');
		expect(draft).toContain('CAE DELTA Chloé Durand Cotraitant');
		expect(draft).toContain('Mandataire : CAE GAMMA');
		expect(draft).toContain('Groupement conjoint avec mandataire solidaire');
		expect(draft).toContain('12 mars 2026 à 12:00 (heure de Paris, UTC+01:00)');
	});

	it('has a « Sommaire » with the sections and their page numbers', () => {
		expect(draft).toContain('Sommaire Compréhension du besoin 3 Méthodologie et moyens humains 3');
	});

	it('has every section heading and text, lists, tables, French characters', () => {
		for (const text of [
			'Compréhension du besoin Contexte et enjeux du territoire',
			'Le groupement a lu le cahier des charges avec attention et propose une démarche participative : voir notre site.',
			'Citation de l’acheteur : « un projet sobre et ambitieux », budget estimé 45 000 € HT.',
			'Ateliers de concertation Supports pédagogiques Livret imprimé en braille',
			'Diagnostic partagé',
			'Méthodologie et moyens humains Organisation de l’équipe',
			'Anne coordonne ; Bruno et Chloé réalisent. Ancienne version code-42 Deuxième ligne après un retour.',
			'Réunion hebdomadaire',
			'Phase Durée Livrable Lancement 2 semaines Note de cadrage',
			'Rôle Personne Structure Coordination Anne Martin CAE GAMMA',
			'Nous privilégions les circuits courts.',
			'ligne 1 ligne 2 indentée'
		]) {
			expect(draft).toContain(text);
		}
		// Ordered lists keep their numbers, including a list starting at 3.
		expect(draft).toMatch(/Diagnostic partagé 1\. Plan d’actions chiffré 2\./);
		expect(draft).toMatch(/Réunion hebdomadaire 3\. Comité de pilotage mensuel 4\./);
	});

	it('links http(s) and mailto targets only', async () => {
		const links = await pdfLinks(draftBytes);
		expect(links).toContain('https://cotrait.example.org/references');
		expect(links).toContain('mailto:contact@cotrait.example.org');
		expect(links.some((l) => l.includes('javascript'))).toBe(false);
		expect(draft).toContain('Lien piégé');
	});

	it('numbers the pages', () => {
		expect(draft).toContain('Page 1 / 3');
		expect(draft).toContain('Page 3 / 3');
	});

	it('marks every page « BROUILLON » when draft, and nowhere otherwise', async () => {
		const perPage = (await pdfText(draftBytes)).text.split(/-- \d+ of \d+ --/).filter((p) => p.trim() !== '');
		expect(perPage).toHaveLength(3);
		for (const page of perPage) expect(page).toContain('BROUILLON');
		expect(final).not.toContain('BROUILLON');
		expect(final).toContain('Compréhension du besoin');
	});

	it('gives the same bytes for the same input', async () => {
		// Also when generated concurrently (pdfmake is a shared singleton).
		const [a, b] = await Promise.all([memoireToPdf(memoireFixture(true)), memoireToPdf(memoireFixture(true))]);
		expect(sha256Hex(a)).toBe(sha256Hex(draftBytes));
		expect(sha256Hex(b)).toBe(sha256Hex(draftBytes));
		expect(sha256Hex(finalBytes)).not.toBe(sha256Hex(draftBytes));
	});
});
