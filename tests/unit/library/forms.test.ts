// The library entry form and content checks (issue 16): French messages with the input echoed,
// own-key lookups, the contact only with consent, and the posted ProseMirror JSON checked
// (size, depth, names, links; a picture becomes its description in italics).
import { describe, expect, it } from 'vitest';
import { readEntryForm } from '../../../src/lib/server/library/library-forms';
import { cleanDocument, ContentError, MAX_CONTENT_DEPTH, parseContentJson, storeContent } from '../../../src/lib/server/library/content';

function form(values: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
}

const base = { title: 'Une fiche', kind: 'reference', visibility: 'private', contentText: 'Une ligne.\nUne autre.' };

describe('readEntryForm', () => {
	it('refuses in French and echoes the input', () => {
		const r = readEntryForm(form({ ...base, title: '', kind: 'constructor', visibility: '__proto__', year: '12', amount: 'beaucoup' }));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.title).toBe('Titre : ce champ est obligatoire.');
		expect(r.errors.kind).toBe('Type de fiche : choisissez une valeur de la liste.');
		expect(r.errors.visibility).toBe('Visible par : choisissez une valeur de la liste.');
		expect(r.errors.year).toMatch(/^Année : indiquez un nombre entier/);
		expect(r.errors.amount).toMatch(/^Montant HT/);
		expect(r.values.amount).toBe('beaucoup');
	});

	it('keeps a reference contact only with consent, and a way to reach them', () => {
		const r = readEntryForm(form({ ...base, contactName: 'M. Durand', contactReach: '05 55 00 00 00' }));
		expect(r.ok || r.errors.contactConsent).toMatch(/accepte d’être contacté·e/);
		const noReach = readEntryForm(form({ ...base, contactName: 'M. Durand', contactConsent: 'on' }));
		expect(noReach.ok || noReach.errors.contactReach).toMatch(/comment le ou la joindre/);
		const ok = readEntryForm(
			form({
				...base,
				contactName: 'M. Durand',
				contactReach: '05 55 00 00 00',
				contactConsent: 'on',
				amount: '12 500,50',
				year: '2024',
				tags: 'Web, web, RGAA'
			})
		);
		expect(ok.ok).toBe(true);
		if (!ok.ok) return;
		expect(ok.data.fields).toMatchObject({ amountCents: 1_250_050, year: 2024, contactConsent: true });
		expect(ok.data.tags).toEqual(['web', 'rgaa']);
		expect(ok.data.content.content).toHaveLength(2);
	});

	it('keeps only the kind’s own fields', () => {
		const r = readEntryForm(form({ ...base, kind: 'profile', buyer: 'Mairie', trades: 'Graphiste', yearsExperience: '12' }));
		expect(r.ok && r.data.fields).toEqual({ trades: 'Graphiste', yearsExperience: 12, diplomas: '' });
	});

	it('refuses unreadable or oversized editor JSON in French', () => {
		const bad = readEntryForm(form({ ...base, contentJson: '{"type":"doc","content":[{"type":"script"}]}' }));
		expect(bad.ok || bad.errors.content).toMatch(/^Texte : contenu illisible/);
		const big = readEntryForm(form({ ...base, contentJson: 'x'.repeat(700_000) }));
		expect(big.ok || big.errors.content).toMatch(/^Texte : trop long/);
	});
});

describe('content', () => {
	it('refuses nesting past the cap', () => {
		let node: Record<string, unknown> = { type: 'paragraph', content: [{ type: 'text', text: 'fond' }] };
		for (let i = 0; i < MAX_CONTENT_DEPTH + 2; i++) node = { type: 'blockquote', content: [node] };
		expect(() => cleanDocument({ type: 'doc', content: [node] })).toThrow(ContentError);
		expect(() => parseContentJson('{not json')).toThrow(ContentError);
	});

	it('drops unsafe links and unknown marks, turns a picture into its description in italics', () => {
		const doc = cleanDocument({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'clic', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }, { type: 'insertion' }] },
						{ type: 'image', attrs: { alt: 'Logo', src: 'https://ailleurs.example/x.png' } }
					]
				},
				{ type: 'image', attrs: { alt: 'Photo du chantier', fileId: 'abc' } },
				{ type: 'image', attrs: { alt: '' } },
				{ type: 'heading', attrs: { level: 1, onclick: 'x' }, content: [{ type: 'text', text: 'Titre' }] }
			]
		});
		expect(doc).toEqual({
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'clic' },
						{ type: 'text', text: 'Logo', marks: [{ type: 'italic', attrs: {} }] }
					]
				},
				{ type: 'paragraph', content: [{ type: 'text', text: 'Photo du chantier', marks: [{ type: 'italic', attrs: {} }] }] },
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Titre' }] }
			]
		});
		const stored = storeContent(doc);
		expect(stored.text).toBe('clicLogo\nPhoto du chantier\nTitre');
	});
});
