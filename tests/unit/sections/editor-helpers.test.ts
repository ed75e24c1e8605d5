import { describe, expect, it } from 'vitest';
import { contrastOnWhite, initials, PRESENCE_COLORS, resolveColors, userColor } from '../../../src/lib/collab/colors';
import { CHARS_PER_PAGE, lengthReport, lengthText } from '../../../src/lib/collab/length';
import { safeLinkHref } from '../../../src/lib/collab/links';

describe('presence colours and initials', () => {
	it('every colour is readable on white and under white text (AA, 4.5:1)', () => {
		for (const c of PRESENCE_COLORS) expect(contrastOnWhite(c), c).toBeGreaterThanOrEqual(4.5);
	});
	it('a user always gets the same colour, and users spread over the palette', () => {
		expect(userColor('abcdefghijklmnopqrstuvwx')).toBe(userColor('abcdefghijklmnopqrstuvwx'));
		const used = new Set(Array.from({ length: 200 }, (_, i) => userColor(`user-${i}`)));
		expect(used.size).toBe(PRESENCE_COLORS.length);
	});
	it('people present together never share a colour while the palette lasts, whatever the order', () => {
		const ids = Array.from({ length: 10 }, (_, i) => `u${i * 7}`);
		const a = resolveColors(ids);
		expect(new Set(a.values()).size).toBe(10);
		expect(resolveColors([...ids].reverse())).toEqual(a);
		// Alone, everyone keeps their own colour.
		expect(resolveColors(['abc']).get('abc')).toBe(userColor('abc'));
	});
	it('initials', () => {
		expect(initials('Chloé Bernard')).toBe('CB');
		expect(initials('anne')).toBe('A');
		expect(initials('Jean-Pierre de la Fontaine')).toBe('JF');
		expect(initials('  ')).toBe('?');
		expect(initials('Émilie Ölund')).toBe('ÉÖ');
	});
});

describe('length against the limit', () => {
	it('pages are estimated at 3 000 characters', () => {
		expect(CHARS_PER_PAGE).toBe(3000);
		const r = lengthReport(4500, 'pages', 2);
		expect(r).toMatchObject({ pages: 1.5, limitCharacters: 6000, over: false });
		expect(lengthText(r, 'pages', 2)).toBe('≈ 1,5 page sur 2 (4\u202f500 caractères)');
		expect(lengthReport(6001, 'pages', 2).over).toBe(true);
	});
	it('a character limit is exact; no limit never warns', () => {
		expect(lengthReport(1001, 'characters', 1000)).toMatchObject({ over: true, limitCharacters: 1000 });
		expect(lengthText(lengthReport(12, 'characters', 1000), 'characters', 1000)).toBe('12 caractères sur 1\u202f000 · ≈ 0,1 page');
		expect(lengthReport(1_000_000, 'none', null)).toMatchObject({ over: false, limitCharacters: null, ratio: null });
	});
});

describe('link targets', () => {
	it('keeps http, https and mailto; completes www. and bare e-mail addresses', () => {
		expect(safeLinkHref('https://exemple.fr/a?b=1')).toBe('https://exemple.fr/a?b=1');
		expect(safeLinkHref(' http://exemple.fr ')).toBe('http://exemple.fr/');
		expect(safeLinkHref('www.exemple.fr')).toBe('https://www.exemple.fr/');
		expect(safeLinkHref('contact@exemple.fr')).toBe('mailto:contact@exemple.fr');
		expect(safeLinkHref('mailto:contact@exemple.fr')).toBe('mailto:contact@exemple.fr');
	});
	it('refuses javascript:, data:, relative and malformed addresses', () => {
		for (const bad of [
			'javascript:alert(1)',
			'JAVASCRIPT:alert(1)',
			'data:text/html,<b>x</b>',
			'/chemin',
			'exemple',
			'ftp://exemple.fr',
			'https://',
			'mailto:personne',
			'https://exemple.fr/a b'
		]) {
			expect(safeLinkHref(bad), bad).toBeNull();
		}
	});
});
