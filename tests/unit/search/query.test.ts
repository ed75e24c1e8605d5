// The typed query as an FTS5 expression (plural folding, elisions, no FTS5 syntax from the user)
// and highlight markers cut into text parts.
import { describe, expect, it } from 'vitest';
import { foldPlural, markedParts, MARK_CLOSE, MARK_OPEN, queryWords, toMatchExpression } from '../../../src/lib/server/search/query';

describe('toMatchExpression', () => {
	it('quotes every word as a prefix term, all required', () => {
		expect(toMatchExpression('démarche environnementale')).toBe('"démarche"* AND "environnementale"*');
	});

	it('drops elided articles, one-letter words and function words, but keeps a query made only of them', () => {
		expect(toMatchExpression("l'accessibilité de la version")).toBe('"accessibilité"* AND "version"*');
		expect(toMatchExpression('l’offre')).toBe('"offre"*');
		expect(toMatchExpression('les')).toBe('"les"*');
	});

	it('never lets FTS5 syntax through', () => {
		for (const hostile of ['"', 'a" OR "b', 'title:secret', 'NEAR(a b)', '*', '-x', '^début', '( )', 'x AND', '{title}: y']) {
			const m = toMatchExpression(hostile);
			if (m !== null) expect(m).toMatch(/^("[\p{L}\p{N}]+"\*?)( AND "[\p{L}\p{N}]+"\*?)*$/u);
		}
		expect(toMatchExpression('"')).toBeNull();
		expect(toMatchExpression('   ')).toBeNull();
	});

	it('keeps two-letter words and numbers exact, at most eight words', () => {
		expect(toMatchExpression('lot 2 rh')).toBe('"lot"* AND "2" AND "rh"');
		expect(queryWords('un deux trois quatre cinq six sept huit neuf dix onze')).toHaveLength(8);
	});
});

describe('foldPlural', () => {
	// Singular/plural pairs of tender vocabulary: both forms must fold to a prefix of both.
	const pairs: Array<[string, string]> = [
		['référence', 'références'],
		['prestation', 'prestations'],
		['sentier', 'sentiers'],
		['atelier', 'ateliers'],
		['lot', 'lots'],
		['prix', 'prix'],
		['accès', 'accès'],
		['travail', 'travaux'],
		['local', 'locaux'],
		['matériau', 'matériaux'],
		['bureau', 'bureaux'],
		['journal', 'journaux'],
		['national', 'nationaux'],
		['moyen', 'moyens'],
		['délai', 'délais'],
		['critère', 'critères'],
		['entreprise', 'entreprises'],
		['bijou', 'bijoux']
	];
	it.each(pairs)('%s and %s meet', (singular, plural) => {
		for (const typed of [singular, plural]) {
			const stem = foldPlural(typed);
			expect(singular.startsWith(stem) && plural.startsWith(stem), `${typed} → ${stem}`).toBe(true);
		}
	});
});

describe('markedParts', () => {
	it('cuts at the markers and keeps the text as text', () => {
		expect(markedParts(`avant ${MARK_OPEN}<script>${MARK_CLOSE} après`)).toEqual([
			{ text: 'avant ', mark: false },
			{ text: '<script>', mark: true },
			{ text: ' après', mark: false }
		]);
		expect(markedParts('')).toEqual([]);
	});
});
