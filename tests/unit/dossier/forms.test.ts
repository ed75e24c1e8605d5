import { describe, expect, it } from 'vitest';
import type { PmNode } from '../../../src/lib/server/exports/model';
import { attri1Document, vatCents } from '../../../src/lib/server/dossier/forms/attri1';
import { dc1Document } from '../../../src/lib/server/dossier/forms/dc1';
import { dc2Document } from '../../../src/lib/server/dossier/forms/dc2';
import { FORMS_INPUT as INPUT } from './forms-fixture';

/** The document as a reader sees it: one line per paragraph, a table row as « cell | cell ». */
function plain(node: PmNode): string {
	const inline = (n: PmNode): string => (n.type === 'text' ? (n.text ?? '') : (n.content ?? []).map(inline).join(' '));
	switch (node.type) {
		case 'paragraph':
		case 'heading':
			return (node.content ?? []).map(inline).join('');
		case 'tableRow':
			return (node.content ?? []).map((cell) => (cell.content ?? []).map(plain).join(' / ')).join(' | ');
		default:
			return (node.content ?? []).map(plain).join('\n');
	}
}
const squash = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('the buyer-facing forms', () => {
	it('DC1 names the group, both members with SIRET and their prestations per lot, and the mandataire', () => {
		const text = squash(plain(dc1Document(INPUT).doc));
		expect(text).toContain('☒ pour tous les lots de la procédure (n° 1 (Concertation et ateliers), n° 2 (Site et contenus)).');
		expect(text).toContain('☒ Le candidat est un groupement d’entreprises :');
		expect(text).toContain('☒ conjoint');
		expect(text).toContain('le mandataire du groupement est solidaire :\n☒ Oui\n☐ Non');
		expect(text).toContain('CAE GAMMA (mandataire)');
		expect(text).toContain('SIRET : 98765432100022');
		expect(text).toContain('Développement du site');
		expect(text).toMatch(/désignent le mandataire suivant .*: CAE GAMMA/);
		expect(text).toContain('Anne Martin, Gérante');
	});

	it('ATTRI1 of a lot carries each member’s amount HT, the total, the VAT and the TTC in figures and words', () => {
		const text = squash(plain(attri1Document(INPUT, INPUT.lots[1]!).doc));
		expect(text).toContain('4 733,32 €');
		expect(text).toContain('15 098,99 €');
		expect(text).toContain('Total HT du lot |  | 19 832,31 €');
		expect(vatCents(1_983_231, 2000)).toBe(396_646);
		expect(text).toContain('TVA (taux de 20 %) | 3 966,46 €');
		expect(text).toContain('Montant TTC | 23 798,77 €');
		expect(text).toContain('vingt-trois mille sept cent quatre-vingt-dix-huit euros et soixante-dix-sept centimes');
		expect(text).toContain('dans un délai de 120 jours');
	});

	it('DC2 identifies the member from its profile and leaves blanks where the profile is silent', () => {
		const gamma = squash(plain(dc2Document(INPUT, INPUT.members[0]!, null).doc));
		expect(gamma).toContain('2025 | 812 000,00 € | ……');
		expect(gamma).toContain('Effectifs moyens annuels : 42');
		const delta = dc2Document(INPUT, INPUT.members[1]!, INPUT.lots[0]!);
		expect(delta.fileStem).toBe('DC2-CAE-DELTA-Lot-1');
		expect(plain(delta.doc)).toContain('Forme juridique : ……');
	});

	it('no form carries a person, a net, a contribution or a coordination fee', () => {
		const all = [
			dc1Document(INPUT),
			...INPUT.lots.map((l) => attri1Document(INPUT, l)),
			...INPUT.members.map((m) => dc2Document(INPUT, m, null))
		]
			.map((f) => plain(f.doc))
			.join('\n')
			.toLowerCase();
		for (const word of ['net', 'contribution', 'frais de coordination', 'commission']) expect(all).not.toMatch(new RegExp(`\\b${word}\\b`));
	});
});

describe('the buyer-facing breakdown', () => {
	it('gives each member’s prestations and amount HT per lot, and nothing of the internal split', async () => {
		const { breakdownDocument } = await import('../../../src/lib/server/dossier/forms/breakdown');
		const text = squash(plain(breakdownDocument(INPUT, INPUT.lots[0]!).doc));
		expect(text).toContain('12 140,13 €');
		expect(text).toContain('524,87 €');
		expect(text).toContain('Total HT du lot |  | 12 665,00 €');
		expect(text.toLowerCase()).not.toMatch(/\bnet\b|contribution|frais de coordination/);
	});
});
