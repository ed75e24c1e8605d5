/**
 * Paste from Word, LibreOffice and Google Docs into a section (issue 15, item 5), as the browser
 * hands it over: a `paste` event whose clipboard holds the office suite's text/html (the samples
 * in tests/fixtures/paste/) and its text/plain. What lands in the editor (headings at the
 * section's levels, lists, the table, bold, italic, links; no style, class or font) and what the
 * server stores are checked per source; then plain text, Ctrl+Shift+V, and pasting into a heading
 * and into a table cell.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { screenshot } from './support';
import { coordinatorWithBid, firstSection, openSection, storedText } from './editor-fixtures';

const sample = (name: string) => readFileSync(`tests/fixtures/paste/${name}.html`, 'utf8');

/** The text/plain the suites put next to their HTML. */
const PLAIN = [
	'Présentation du groupement',
	'Notre groupement réunit deux coopératives d’activité et d’emploi du Limousin. Nous avons déjà mené douze ateliers numériques pour des collectivités, avec une démarche participative décrite sur notre site.',
	'Nos moyens',
	'•\tDeux formatrices certifiées',
	'o\tDont une spécialiste de l’accessibilité',
	'•\tUn tiers-lieu équipé',
	'Le déroulé :',
	'1.\tDiagnostic des usages',
	'2.\tAteliers en petits groupes',
	'Atelier\tDurée',
	'Messagerie et agenda\t2 heures',
	'Contact : contact@cae-limousin.fr'
].join('\r\n');

/** Dispatches the paste the browser would, with `data` on its clipboard, where the caret is. */
async function paste(text: Locator, data: Record<string, string>): Promise<void> {
	await text.evaluate((el, entries) => {
		const clipboard = new DataTransfer();
		for (const [type, value] of Object.entries(entries)) clipboard.setData(type, value);
		el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
	}, data);
}

/** Empties the section's text (select all, delete) and waits until the server has it empty. */
async function clear(page: Page, text: Locator, sectionId: string): Promise<void> {
	await text.click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.press('Delete');
	await expect(text).toHaveText('');
	await expect.poll(() => storedText(sectionId)).not.toContain('groupement');
}

/** The source's elements must all be gone: classes, styles, fonts, spans, Word's markers. */
function leftovers(text: Locator): Locator {
	const tags = 'p, h2, h3, ul, ol, li, td, th, strong, em, a';
	// Cells pasted into a table end up selected: « selectedCell » is the editor's, not the source's.
	const own = tags
		.split(', ')
		.map((t) => `${t}[style], ${t}[class]:not(.selectedCell), ${t}[lang], ${t}[dir]`)
		.join(', ');
	return text.locator(`${own}, span, font, b, i, h1, h4`);
}

test('text pasted from Word, LibreOffice and Google Docs keeps its headings, lists, table, bold, italic and links, without their look; the server stores it', async ({
	page
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Ateliers numériques du Pays de Bellac');
	const section = firstSection(bidId);
	const text = await openSection(page, bidId, section.id);

	for (const source of ['word', 'libreoffice', 'google-docs']) {
		await clear(page, text, section.id);
		await paste(text, { 'text/html': sample(source), 'text/plain': PLAIN });

		// Titre 1 → level 2, Titre 2 → level 3.
		await expect(text.locator('h2')).toHaveText(['Présentation du groupement']);
		await expect(text.locator('h3')).toHaveText(['Nos moyens']);
		await expect(text.locator('p').first()).toHaveText(
			'Notre groupement réunit deux coopératives d’activité et d’emploi du Limousin. Nous avons déjà mené douze ateliers numériques pour des collectivités, avec une démarche participative décrite sur notre site.'
		);
		await expect(text.locator('strong')).toHaveText(['douze ateliers numériques', 'Atelier', 'Durée']);
		await expect(text.locator('em')).toHaveText(['démarche participative']);
		await expect(text.locator('a')).toHaveText(['notre site', 'contact@cae-limousin.fr']);
		await expect(text.locator('a').first()).toHaveAttribute('href', 'https://www.cae-limousin.fr/references');
		await expect(text.locator('a').last()).toHaveAttribute('href', 'mailto:contact@cae-limousin.fr');

		await expect(text.locator('> ul > li > p')).toHaveText(['Deux formatrices certifiées', 'Un tiers-lieu équipé']);
		await expect(text.locator('> ul > li > ul > li')).toHaveText(['Dont une spécialiste de l’accessibilité']);
		await expect(text.locator('> ol > li')).toHaveText(['Diagnostic des usages', 'Ateliers en petits groupes']);
		await expect(text.locator('table tr')).toHaveCount(2);
		await expect(text.locator('table :is(td, th)')).toHaveText(['Atelier', 'Durée', 'Messagerie et agenda', /^2\s+heures$/]);

		// No empty paragraph from Word's <o:p>&nbsp;</o:p> or LibreOffice's <br/>; no bullet left as
		// text; no broken image box for the file:/// picture Word refers to.
		await expect(text.locator('p:not(:has(img))').filter({ hasText: /^[\s\u00a0]*$/ })).toHaveCount(0);
		// LibreOffice's picture comes inline (data:): it becomes a picture of the section, with its
		// description; Google Docs' is on Google's servers: dropped, not fetched.
		await expect(text.locator('figure img')).toHaveCount(source === 'libreoffice' ? 1 : 0);
		if (source === 'libreoffice') await expect(text.locator('figure img')).toHaveAttribute('alt', 'Organigramme du groupement');
		await expect(text.locator('img[src^="data:"]')).toHaveCount(0);
		await expect(text).not.toContainText('·');
		await expect(text.locator('img[src^="file:"]')).toHaveCount(0);
		await expect(leftovers(text)).toHaveCount(0);

		// The server stores what the editor shows, with no trace of the source's look.
		await expect.poll(() => storedText(section.id)).toContain('<heading level="2">Présentation du groupement</heading>');
		const stored = storedText(section.id);
		expect(stored).toContain('<heading level="3">Nos moyens</heading>');
		expect(stored).toContain('<bold>douze ateliers numériques</bold>');
		expect(stored).toContain('<italic>démarche participative</italic>');
		expect(stored).toContain('<bulletlist><listitem><paragraph>Deux formatrices certifiées</paragraph><bulletlist><listitem>');
		expect(stored).toContain('<listitem><paragraph>Diagnostic des usages</paragraph></listitem>');
		expect(stored).toMatch(/<table><tablerow><tablecell[^>]*><paragraph><bold>Atelier<\/bold>/);
		expect(stored).toMatch(/href="https:\/\/www\.cae-limousin\.fr\/references"/);
		expect(stored).not.toMatch(/style=|font-|Mso|mso-|docs-internal|western|file:/);

		if (source === 'word') {
			await text.locator('h2').scrollIntoViewIfNeeded();
			await screenshot(page, 'editor-paste-word');
		}
	}
});

test('plain text keeps its paragraphs; Ctrl+Shift+V pastes without formatting; pasting into a heading and into a table cell', async ({
	page,
	context
}) => {
	const { bidId } = await coordinatorWithBid(page, 'Tiers-lieu de Saint-Junien');
	const section = firstSection(bidId);
	const text = await openSection(page, bidId, section.id);
	await text.click();

	// Plain text: blank-line separated paragraphs stay paragraphs, with no empty one between.
	await paste(text, { 'text/plain': 'Premier paragraphe.\n\nSecond paragraphe.' });
	await expect(text.locator('> p')).toHaveText(['Premier paragraphe.', 'Second paragraphe.']);

	// Ctrl+Shift+V with Word's HTML on the real clipboard: the words, not the formatting.
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.evaluate(
		async ([html, plain]) => {
			await navigator.clipboard.write([
				new ClipboardItem({
					'text/html': new Blob([html!], { type: 'text/html' }),
					'text/plain': new Blob([plain!], { type: 'text/plain' })
				})
			]);
		},
		[sample('word'), PLAIN]
	);
	await text.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.press('Enter');
	await page.keyboard.press('ControlOrMeta+Shift+V');
	await expect(text).toContainText('Nos moyens');
	await expect(text.locator('h2, h3, strong, em, ul, ol, table')).toHaveCount(0);
	// …and Ctrl+V with the same clipboard keeps it.
	await page.keyboard.press('ControlOrMeta+V');
	await expect(text.locator('h3')).toHaveText(['Nos moyens']);
	await expect(text.locator('table')).toHaveCount(1);

	// Into a heading: the first line completes the heading, the rest follows as paragraphs.
	await clear(page, text, section.id);
	await page.getByRole('button', { name: 'Titre (niveau 2)' }).click();
	await page.keyboard.type('Moyens ');
	await paste(text, { 'text/plain': 'humains\n\nUne équipe de deux formatrices.' });
	await expect(text.locator('h2')).toHaveText(['Moyens humains']);
	await expect(text.locator('p')).toHaveText(['Une équipe de deux formatrices.']);
	// A Google Docs paragraph pasted at the end of a heading joins the heading.
	await text.locator('h2').click();
	await page.keyboard.press('End');
	await page.keyboard.type(' ');
	await paste(text, {
		'text/html':
			'<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><span style="font-size:11pt;font-weight:400;">et matériels</span></b>',
		'text/plain': 'et matériels'
	});
	await expect(text.locator('h2')).toHaveText(['Moyens humains et matériels']);
	await expect(text.locator('h2 strong')).toHaveCount(0);

	// Into a table cell: a formatted paragraph stays in the cell; a pasted table fills the cells
	// from the caret instead of nesting a table in a cell.
	await clear(page, text, section.id);
	await page.getByRole('button', { name: 'Insérer un tableau' }).click();
	await expect(text.locator('table tr')).toHaveCount(3);
	await paste(text, {
		'text/html': '<p class=MsoNormal><span lang=FR>Durée <b>totale</b><o:p></o:p></span></p>',
		'text/plain': 'Durée totale'
	});
	await expect(text.locator('table :is(td, th)').first()).toHaveText('Durée totale');
	await expect(text.locator('table :is(td, th)').first().locator('strong')).toHaveText('totale');
	await text.locator('table tr').nth(1).locator('td').first().click();
	const wordTable = sample('word').match(/<table[\s\S]*<\/table>/)![0];
	await paste(text, { 'text/html': wordTable, 'text/plain': 'Atelier\tDurée\r\nMessagerie et agenda\t2 heures' });
	await expect(text.locator('table')).toHaveCount(1);
	await expect(text.locator('table tr').nth(1).locator(':is(td, th)')).toHaveText(['Atelier', 'Durée', '']);
	await expect(text.locator('table tr').nth(2).locator(':is(td, th)')).toHaveText(['Messagerie et agenda', /^2\s+heures$/, '']);
	await expect(leftovers(text)).toHaveCount(0);
	await expect.poll(() => storedText(section.id)).toContain('Messagerie et agenda');
});
