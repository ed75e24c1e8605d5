/**
 * normalizePastedHtml (src/lib/collab/paste/normalize.ts) in real Chromium: the function needs
 * the browser's DOMParser and the project has no DOM for vitest, so its checks run here, on the
 * module bundled by esbuild into a blank page (no server involved). The clipboard samples are the
 * ones of the editor journey (tests/fixtures/paste/*.html); what lands in the editor itself is
 * checked by editor-paste.e2e.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';

const bundle = buildSync({
	entryPoints: ['src/lib/collab/paste/normalize.ts'],
	bundle: true,
	format: 'iife',
	globalName: 'cotraitPaste',
	write: false,
	tsconfigRaw: '{}'
}).outputFiles[0]!.text;

const sample = (name: string) => readFileSync(`tests/fixtures/paste/${name}.html`, 'utf8');

declare global {
	interface Window {
		cotraitPaste: { normalizePastedHtml(html: string): string };
	}
}

/** Normalises `html` in the page and shows the result in <main>; returns the HTML. */
async function show(page: Page, html: string): Promise<string> {
	return page.evaluate((h) => {
		const out = window.cotraitPaste.normalizePastedHtml(h);
		document.querySelector('main')!.innerHTML = out;
		return out;
	}, html);
}

test.beforeEach(async ({ page }) => {
	// Nothing leaves the page: pasted image addresses are not fetched.
	await page.route('**/*', (route) => route.abort());
	await page.setContent('<!doctype html><html lang="fr"><body><main></main></body></html>');
	await page.addScriptTag({ content: bundle });
});

for (const source of ['word', 'libreoffice', 'google-docs']) {
	test(`${source}: headings, lists, table, bold, italic and links kept; styles, fonts and classes dropped`, async ({ page }) => {
		const html = await show(page, sample(source));
		const main = page.locator('main');

		// Titre 1 → level 2, Titre 2 → level 3; nothing else is a heading.
		await expect(main.locator('h2')).toHaveText(['Présentation du groupement']);
		await expect(main.locator('h3')).toHaveText(['Nos moyens']);
		await expect(main.locator('h1, h4, h5, h6')).toHaveCount(0);

		const intro = main.locator('> p').first();
		await expect(intro).toHaveText(
			'Notre groupement réunit deux coopératives d’activité et d’emploi du Limousin. Nous avons déjà mené douze ateliers numériques pour des collectivités, avec une démarche participative décrite sur notre site.'
		);
		await expect(intro.locator('strong')).toHaveText(['douze ateliers numériques']);
		await expect(intro.locator('em')).toHaveText(['démarche participative']);
		await expect(intro.locator('a')).toHaveAttribute('href', 'https://www.cae-limousin.fr/references');
		await expect(main.locator('a[href="mailto:contact@cae-limousin.fr"]')).toHaveText('contact@cae-limousin.fr');
		// The link's blue underline is its look, not an underline mark; the whole text is not bold.
		await expect(main.locator('u, s')).toHaveCount(0);
		await expect(main.locator('strong')).toHaveText(['douze ateliers numériques', 'Atelier', 'Durée']);

		// Bullets with a nested item, then numbers: real lists, no bullet characters left in the text.
		await expect(main.locator('> ul > li')).toHaveCount(2);
		await expect(main.locator('> ul > li > p')).toHaveText(['Deux formatrices certifiées', 'Un tiers-lieu équipé']);
		await expect(main.locator('> ul > li > ul > li')).toHaveText(['Dont une spécialiste de l’accessibilité']);
		await expect(main.locator('> ol > li')).toHaveText(['Diagnostic des usages', 'Ateliers en petits groupes']);

		// The 2×2 table, header cells in bold as written.
		await expect(main.locator('table tr')).toHaveCount(2);
		await expect(main.locator('table td')).toHaveText(['Atelier', 'Durée', 'Messagerie et agenda', /^2\s+heures$/]);

		// Blocks in order, no empty paragraph (Word's <o:p>&nbsp;</o:p>, LibreOffice's <br/>).
		const blocks = await main.locator('> *').evaluateAll((els) => els.map((e) => e.localName));
		const image = source === 'word' ? [] : ['p'];
		expect(blocks).toEqual(['h2', 'p', 'h3', 'ul', 'p', 'ol', 'table', ...image, 'p']);
		await expect(main.locator('p:not(:has(img))').filter({ hasText: /^[\s\u00a0]*$/ })).toHaveCount(0);

		// Nothing of the source's look survives.
		await expect(main.locator('[style], [class], [id], [lang], [dir], [face], [align], [width]:not(img), span, font, b, i')).toHaveCount(0);
		expect(html).not.toMatch(/Mso|mso-|docs-internal|o:p|<!--|font-family|western/);
	});
}

test('images: file:/// sources from Word are removed with no empty box, data: and https images stay with their src and alt', async ({
	page
}) => {
	await show(page, sample('word'));
	await expect(page.locator('main img')).toHaveCount(0);

	await show(page, sample('libreoffice'));
	const inline = page.locator('main img');
	await expect(inline).toHaveCount(1);
	await expect(inline).toHaveAttribute('src', /^data:image\/png;base64,iVBORw0KGgo/);
	await expect(inline).toHaveAttribute('alt', 'Organigramme du groupement');
	await expect(inline).toHaveAttribute('width', '208');

	await show(page, sample('google-docs'));
	await expect(page.locator('main img')).toHaveAttribute('src', /^https:\/\/lh7-rt\.googleusercontent\.com\/docsz\//);

	await show(
		page,
		'<p>Avant <img src="cid:image001.png@01DA"><img src="javascript:alert(1)"><img src="data:image/svg+xml;base64,PHN2Zz4="> après</p>'
	);
	await expect(page.locator('main img')).toHaveCount(0);
	await expect(page.locator('main p')).toHaveText('Avant après');
});

test('headings map relative to the highest one pasted; Word classes and numbered headings', async ({ page }) => {
	await show(page, '<p class=MsoHeading1>Un</p><p class=MsoHeading2>Deux</p><h4>Quatre</h4><p class=MsoTitle>Titre du document</p>');
	await expect(page.locator('main h2')).toHaveText(['Un', 'Titre du document']);
	await expect(page.locator('main h3')).toHaveText(['Deux', 'Quatre']);

	// A copied sub-part that starts at Titre 2 keeps its own top level as 2.
	await show(page, '<h2>Moyens</h2><p>Texte</p><h3>Humains</h3><h5>Détail</h5>');
	await expect(page.locator('main h2')).toHaveText(['Moyens']);
	await expect(page.locator('main h3')).toHaveText(['Humains', 'Détail']);

	// Word numbers headings with list markup: they stay headings and keep their number as text.
	await show(
		page,
		`<h1 style='mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=FR><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;</span></span></span><![endif]><span lang=FR>Présentation<o:p></o:p></span></h1>`
	);
	await expect(page.locator('main h2')).toHaveText('1. Présentation');
	await expect(page.locator('main ol, main ul')).toHaveCount(0);
	// Bold in a heading is the heading's own look.
	await show(page, '<h1><b>Tout en gras</b></h1>');
	await expect(page.locator('main h2 strong')).toHaveCount(0);
});

test('Word lists: bullets and numbers told apart, levels nested, numbering start kept, continued lists split by a paragraph', async ({
	page
}) => {
	const item = (list: string, level: number, marker: string, text: string) =>
		`<p class=MsoListParagraphCxSpMiddle style='text-indent:-18.0pt;mso-list:${list} level${level} lfo1'><![if !supportLists]><span><span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]><span lang=FR>${text}<o:p></o:p></span></p>\n`;
	await show(
		page,
		item('l0', 1, '3.', 'Trois') +
			item('l0', 2, 'a.', 'Trois a') +
			item('l0', 3, '§', 'Détail') +
			item('l0', 1, '4.', 'Quatre') +
			'<p class=MsoNormal>Entre deux</p>\n' +
			item('l1', 1, '·', 'Puce') +
			item('l1', 1, '-', 'Tiret')
	);
	const main = page.locator('main');
	await expect(main.locator('> ol')).toHaveAttribute('start', '3');
	await expect(main.locator('> ol > li > p')).toHaveText(['Trois', 'Quatre']);
	await expect(main.locator('> ol > li > ol > li > p')).toHaveText(['Trois a']);
	await expect(main.locator('> ol > li > ol > li > ul > li')).toHaveText(['Détail']);
	await expect(main.locator('> p')).toHaveText(['Entre deux']);
	await expect(main.locator('> ul > li')).toHaveText(['Puce', 'Tiret']);
	await expect(main).not.toContainText('·');
});

test('Google Docs wrapper not bold, styles read for marks, unsafe links and hidden text dropped, our own HTML untouched', async ({
	page
}) => {
	await show(
		page,
		'<b style="font-weight:normal;" id="docs-internal-guid-1"><p><span style="font-weight:400">Normal </span><span style="font-weight:700;font-style:italic">les deux</span><span style="text-decoration:line-through">barré</span></p></b>'
	);
	await expect(page.locator('main strong')).toHaveText(['les deux']);
	await expect(page.locator('main em')).toHaveText(['les deux']);
	await expect(page.locator('main s')).toHaveText(['barré']);
	await expect(page.locator('main p')).toHaveText('Normal les deuxbarré');

	await show(
		page,
		'<p><a href="javascript:alert(1)">piège</a> <a href="#_Toc123">sommaire</a> <a name="_Toc123"></a><span style="display:none">caché</span><span style="mso-hide:all">masqué</span>fin</p>'
	);
	await expect(page.locator('main a')).toHaveCount(0);
	await expect(page.locator('main p')).toHaveText('piège sommaire fin');

	const own = '<p data-pm-slice="1 1 []">Copié <strong>ici</strong></p>';
	expect(await show(page, own)).toBe(own);
});
