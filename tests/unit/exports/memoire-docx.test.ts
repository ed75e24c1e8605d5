import { beforeAll, describe, expect, it } from 'vitest';
import { memoireToDocx, sha256Hex } from '../../../src/lib/server/exports';
import { MEMBER_ORGS, memoireFixture, norm, readDocx, type DocxParts } from './fixtures';

describe('memoireToDocx', () => {
	let draftBytes: Uint8Array;
	let draft: DocxParts;
	let final: DocxParts;
	let body: string;

	beforeAll(async () => {
		draftBytes = await memoireToDocx(memoireFixture(true));
		draft = readDocx(draftBytes);
		final = readDocx(await memoireToDocx(memoireFixture(false)));
		body = norm(draft.text('word/document.xml'));
	});

	it('is a DOCX (ZIP with the WordprocessingML parts)', () => {
		expect(draftBytes[0]).toBe(0x50); // "PK"
		expect(draftBytes[1]).toBe(0x4b);
		expect(Object.keys(draft.files)).toEqual(
			expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml'])
		);
	});

	it('has the cover data: buyer, reference, title, lot, every member, the mandataire, the form, the DLRO', () => {
		const input = memoireFixture(true);
		expect(body).toContain('Communauté de communes Bray & Eawy');
		expect(draft.xml('word/document.xml')).toContain('Bray &amp; Eawy'); // escaped by the library
		expect(body).toContain(input.tender.reference);
		expect(body).toContain(input.tender.title);
		expect(body).toContain('Lot n° 1 : Concertation et ateliers');
		for (const org of MEMBER_ORGS) expect(body).toContain(org);
		expect(body).toContain('Anne Martin, Bruno Petit');
		expect(body).toContain('Chloé Durand');
		expect(body).toContain('Mandataire : CAE GAMMA');
		expect(body).toMatch(/CAE GAMMA Anne Martin, Bruno Petit Mandataire/);
		expect(body).toContain('Cotraitant');
		expect(body).toContain('Groupement conjoint avec mandataire solidaire');
		expect(body).toContain('12 mars 2026 à 12:00 (heure de Paris, UTC+01:00)');
		expect(body).toContain('Mémoire technique');
	});

	it('says « mémoire commun » when there is no lot', async () => {
		const common = readDocx(await memoireToDocx({ ...memoireFixture(false), lot: null }));
		expect(norm(common.text('word/document.xml'))).toContain('Mémoire commun à tous les lots');
	});

	it('has one table of contents: a Word TOC field on the Heading 1 style, updated when the file opens', () => {
		const xml = draft.xml('word/document.xml');
		expect(xml.match(/<w:instrText[^>]*>TOC /g)).toHaveLength(1);
		expect(xml).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-1&quot;/);
		expect(draft.xml('word/settings.xml')).toMatch(/<w:updateFields(?: w:val="(true|1)")?\/>/);
		// No static list of the sections nor author instruction next to it (issue 14).
		const field = xml.slice(xml.indexOf('fldCharType="separate"'), xml.indexOf('fldCharType="end"'));
		expect(field).toContain('Compréhension du besoin');
		expect(field).toContain('Méthodologie et moyens humains');
		expect(body).not.toContain('Mettre à jour les champs');
		expect(xml).toContain('w:name="section_2"');
		const ids = [...xml.matchAll(/<w:bookmarkStart [^>]*w:id="(\d+)"/g)].map((m) => m[1]);
		expect(ids).toEqual(['1', '2']); // unique bookmark ids
	});

	it('has every section as Heading 1, its sub-headings one level down, and its text', () => {
		const xml = draft.xml('word/document.xml');
		const heading = (style: string, text: string) =>
			xml.split('</w:p>').some((p) => p.includes(`<w:pStyle w:val="${style}"/>`) && p.includes(`>${text}</w:t>`));
		expect(heading('Heading1', 'Compréhension du besoin')).toBe(true);
		expect(heading('Heading1', 'Méthodologie et moyens humains')).toBe(true);
		expect(heading('Heading2', 'Contexte et enjeux du territoire')).toBe(true); // editor level 1
		expect(heading('Heading3', 'Organisation de l’équipe')).toBe(true); // editor level 2
		for (const text of [
			'Le groupement a lu le cahier des charges avec attention et propose une démarche participative : voir notre site.',
			'Citation de l’acheteur : « un projet sobre et ambitieux », budget estimé 45 000 € HT.',
			'Ateliers de concertation',
			'Livret imprimé en braille',
			'Plan d’actions chiffré',
			'Anne coordonne ; Bruno et Chloé réalisent.',
			'Comité de pilotage mensuel',
			'Nous privilégions les circuits courts.'
		]) {
			expect(body).toContain(text);
		}
		// The section order is kept.
		expect(body.lastIndexOf('Compréhension du besoin')).toBeLessThan(body.lastIndexOf('Méthodologie et moyens humains'));
	});

	it('keeps emphasis, hard breaks and code', () => {
		const xml = draft.xml('word/document.xml');
		const run = (text: string) => xml.split('</w:r>').find((r) => r.includes(`>${text}</w:t>`)) ?? '';
		expect(run('avec attention')).toContain('<w:b/>');
		expect(run('participative')).toContain('<w:i/>');
		expect(run('Ancienne version')).toContain('<w:strike/>');
		expect(run('code-42')).toContain('Consolas');
		expect(draft.text('word/document.xml')).toContain('code-42\nDeuxième ligne après un retour.');
		expect(draft.text('word/document.xml')).toContain('ligne 1\n  ligne 2 indentée');
	});

	it('has tables, with a shaded header row', () => {
		const xml = draft.xml('word/document.xml');
		expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(3); // cover members + one per section
		expect(xml).toMatch(/<w:tblHeader\/>/);
		expect(xml).toMatch(/<w:shd [^>]*w:fill="D9E2F3"/);
		expect(body).toContain('Phase Durée Livrable Lancement 2 semaines Note de cadrage');
		expect(body).toContain('Rôle Personne Structure Coordination Anne Martin CAE GAMMA');
	});

	it('has bullet and numbered lists, nested, numbered lists restarting at their start value', () => {
		const xml = draft.xml('word/document.xml');
		const numbering = draft.xml('word/numbering.xml');
		const item = (text: string) => xml.split('</w:p>').find((p) => p.includes(text)) ?? '';
		expect(item('Ateliers de concertation')).toMatch(/<w:numPr><w:ilvl w:val="0"\/>/);
		expect(item('Livret imprimé en braille')).toMatch(/<w:numPr><w:ilvl w:val="1"\/>/);
		expect(item('Diagnostic partagé')).toContain('<w:numPr>');
		expect(numbering).toContain('w:val="bullet"');
		expect(numbering).toContain('w:val="decimal"');
		expect(numbering).toMatch(/<w:start w:val="3"\/>/);
	});

	it('links http(s) and mailto targets only; other hrefs stay plain text', () => {
		const rels = draft.xml('word/_rels/document.xml.rels');
		const xml = draft.xml('word/document.xml');
		expect(rels).toContain('Target="https://cotrait.example.org/references" TargetMode="External"');
		expect(rels).toContain('Target="mailto:contact@cotrait.example.org"');
		expect(rels).not.toContain('javascript');
		expect(xml).not.toContain('javascript');
		const id = /Id="([^"]+)"[^>]*Target="https:\/\/cotrait\.example\.org\/references"/.exec(rels)?.[1];
		expect(id).toBeTruthy();
		expect(xml).toMatch(new RegExp(`<w:hyperlink [^>]*r:id="${id}"[^>]*>.*?notre site`));
		expect(body).toContain('Lien piégé');
	});

	it('marks every page « BROUILLON » (header) when draft, and nowhere otherwise', () => {
		const header = Object.keys(draft.files).find((name) => /^word\/header\d+\.xml$/.test(name))!;
		expect(draft.text(header)).toContain('BROUILLON');
		expect(draft.xml('word/document.xml')).toMatch(/<w:headerReference w:type="default"/);
		expect(body).toContain('BROUILLON');
		expect(final.allText()).not.toContain('BROUILLON');
		expect(norm(final.text('word/document.xml'))).toContain('Compréhension du besoin');
	});

	it('numbers the pages in the footer', () => {
		const footer = Object.keys(draft.files).find((name) => /^word\/footer\d+\.xml$/.test(name))!;
		const xml = draft.xml(footer);
		expect(xml).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
		expect(xml).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
	});

	it('gives the same bytes for the same input, with the metadata date of generatedAt', async () => {
		const again = await memoireToDocx(memoireFixture(true));
		expect(sha256Hex(again)).toBe(sha256Hex(draftBytes));
		expect(draft.xml('docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-03T13:05:00Z</dcterms:created>');
		const later = await memoireToDocx({ ...memoireFixture(true), generatedAt: new Date('2026-03-04T08:00:00Z') });
		expect(sha256Hex(later)).not.toBe(sha256Hex(draftBytes));
		const undated = { ...memoireFixture(true), generatedAt: undefined };
		expect(sha256Hex(await memoireToDocx(undated))).toBe(sha256Hex(await memoireToDocx(undated)));
	});
});
