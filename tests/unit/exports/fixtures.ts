/**
 * Fixtures and readers for the export tests: a two-section mémoire with every kind of content,
 * the DOMAIN.md worked example as an annex and as the buyer's forms, and helpers that read DOCX (fflate + XML) and PDF
 * (pdf-parse) back as text.
 */
import { strFromU8, unzipSync } from 'fflate';
import { PDFParse } from 'pdf-parse';
import type { AnnexInput, FormExportInput, MemoireInput, PmNode } from '../../../src/lib/server/exports/model';
import { attri1Document } from '../../../src/lib/server/dossier/forms/attri1';
import { dc1Document } from '../../../src/lib/server/dossier/forms/dc1';
import { dc2Document } from '../../../src/lib/server/dossier/forms/dc2';
import { FORMS_INPUT } from '../dossier/forms-fixture';

const text = (value: string, marks?: PmNode['marks']): PmNode =>
	marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const p = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const li = (...content: PmNode[]): PmNode => ({ type: 'listItem', content });
const cell = (type: 'tableCell' | 'tableHeader', value: string): PmNode => ({
	type,
	attrs: { colspan: 1, rowspan: 1, colwidth: null },
	content: [p(text(value))]
});

export const SECTION_1: PmNode = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [text('Contexte et enjeux du territoire')] },
		p(
			text('Le groupement a lu le cahier des charges '),
			text('avec attention', [{ type: 'bold' }]),
			text(' et propose une démarche '),
			text('participative', [{ type: 'italic' }]),
			text(' : voir '),
			text('notre site', [{ type: 'link', attrs: { href: 'https://cotrait.example.org/references', target: '_blank' } }]),
			text('.')
		),
		p(text('Citation de l’acheteur : « un projet sobre et ambitieux », budget estimé 45 000 € HT.')),
		{
			type: 'bulletList',
			content: [
				li(p(text('Ateliers de concertation'))),
				li(p(text('Supports pédagogiques')), {
					type: 'bulletList',
					content: [li(p(text('Livret imprimé en braille')))]
				})
			]
		},
		{
			type: 'orderedList',
			attrs: { start: 1 },
			content: [li(p(text('Diagnostic partagé'))), li(p(text('Plan d’actions chiffré')))]
		},
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader', 'Phase'), cell('tableHeader', 'Durée'), cell('tableHeader', 'Livrable')] },
				{
					type: 'tableRow',
					content: [cell('tableCell', 'Lancement'), cell('tableCell', '2 semaines'), cell('tableCell', 'Note de cadrage')]
				}
			]
		}
	]
};

export const SECTION_2: PmNode = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [text('Organisation de l’équipe')] },
		p(
			text('Anne coordonne ; Bruno et Chloé réalisent. '),
			text('Ancienne version', [{ type: 'strike' }]),
			text(' '),
			text('code-42', [{ type: 'code' }]),
			{ type: 'hardBreak' },
			text('Deuxième ligne après un retour.'),
			text(' Lien piégé', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
			text(' et courriel', [{ type: 'link', attrs: { href: 'mailto:contact@cotrait.example.org' } }])
		),
		{
			type: 'orderedList',
			attrs: { start: 3 },
			content: [li(p(text('Réunion hebdomadaire'))), li(p(text('Comité de pilotage mensuel')))]
		},
		{ type: 'bulletList', content: [li(p(text('Référente qualité : Chloé')))] },
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [cell('tableHeader', 'Rôle'), cell('tableHeader', 'Personne'), cell('tableHeader', 'Structure')] },
				{ type: 'tableRow', content: [cell('tableCell', 'Coordination'), cell('tableCell', 'Anne Martin'), cell('tableCell', 'CAE GAMMA')] }
			]
		},
		{ type: 'blockquote', content: [p(text('Nous privilégions les circuits courts.'))] },
		{ type: 'horizontalRule' },
		{ type: 'codeBlock', attrs: { language: null }, content: [text('ligne 1\n  ligne 2 indentée')] }
	]
};

/** A buyer's form of the forms fixture (the DOMAIN.md example) as the renderers take it. */
export function formFixture(kind: 'dc1' | 'attri1' | 'dc2', draft: boolean): FormExportInput {
	const form =
		kind === 'dc1'
			? dc1Document(FORMS_INPUT)
			: kind === 'attri1'
				? attri1Document(FORMS_INPUT, FORMS_INPUT.lots[1]!)
				: dc2Document(FORMS_INPUT, FORMS_INPUT.members[0]!, null);
	return {
		draft,
		title: form.title,
		subtitle: form.subtitle,
		reference: FORMS_INPUT.tender.reference,
		doc: form.doc,
		generatedAtLabel: '3 mars 2026 à 14:05 (heure de Paris)',
		generatedAt: new Date('2026-03-03T13:05:00Z')
	};
}

export const MEMBER_ORGS = ['CAE GAMMA', 'CAE DELTA'];

export function memoireFixture(draft: boolean): MemoireInput {
	return {
		draft,
		tender: {
			buyer: 'Communauté de communes Bray & Eawy',
			reference: '2026-BRAY-017',
			title: 'Animation du plan climat-air-énergie territorial',
			dlroLabel: '12 mars 2026 à 12:00 (heure de Paris, UTC+01:00)'
		},
		lot: { number: 1, title: 'Concertation et ateliers' },
		group: {
			formLabel: 'Groupement conjoint avec mandataire solidaire',
			mandataireName: 'CAE GAMMA',
			members: [
				{ organisationName: 'CAE GAMMA', people: ['Anne Martin', 'Bruno Petit'], isMandataire: true },
				{ organisationName: 'CAE DELTA', people: ['Chloé Durand'], isMandataire: false }
			]
		},
		sections: [
			{ title: 'Compréhension du besoin', doc: SECTION_1 },
			{ title: 'Méthodologie et moyens humains', doc: SECTION_2 }
		],
		generatedAtLabel: '3 mars 2026 à 14:05 (heure de Paris)',
		generatedAt: new Date('2026-03-03T13:05:00Z')
	};
}

/** The worked example of DOMAIN.md. */
export function annexFixture(draft: boolean): AnnexInput {
	return {
		draft,
		tender: memoireFixture(draft).tender,
		lots: [
			{
				number: 1,
				title: 'Concertation et ateliers',
				members: [
					{
						organisationName: 'CAE GAMMA',
						lines: [
							{ code: 'L1-1', label: 'Ateliers (Anne)', amountCents: 774000 },
							{ code: 'L1-2', label: 'Supports (Bruno)', amountCents: 387525 },
							{ code: 'L1-3', label: 'Bilan (Anne)', amountCents: 52488 }
						],
						totalCents: 1214013
					},
					{
						organisationName: 'CAE DELTA',
						lines: [{ code: 'L1-3', label: 'Bilan (Chloé)', amountCents: 52487 }],
						totalCents: 52487
					}
				],
				totalCents: 1266500
			},
			{
				number: 2,
				title: 'Site et contenus',
				members: [
					{
						organisationName: 'CAE GAMMA',
						lines: [
							{ code: 'L2-2', label: 'Charte (Bruno)', amountCents: 166667 },
							{ code: 'L2-2', label: 'Charte (Anne)', amountCents: 166666 },
							{ code: 'L2-3', label: 'Contenus (Bruno)', amountCents: 139999 }
						],
						totalCents: 473332
					},
					{
						organisationName: 'CAE DELTA',
						lines: [
							{ code: 'L2-1', label: 'Site (Chloé)', amountCents: 1249900 },
							{ code: 'L2-2', label: 'Charte (Chloé)', amountCents: 166667 },
							{ code: 'L2-3', label: 'Contenus (Chloé)', amountCents: 93332 }
						],
						totalCents: 1509899
					}
				],
				totalCents: 1983231
			}
		],
		people: [
			{
				name: 'Anne Martin',
				organisationName: 'CAE GAMMA',
				grossCents: 993154,
				feePaidCents: 0,
				feeReceivedCents: 90263,
				baseCents: 1083417,
				contributionCents: 119176,
				netCents: 964241
			},
			{
				name: 'Bruno Petit',
				organisationName: 'CAE GAMMA',
				grossCents: 694191,
				feePaidCents: 27768,
				feeReceivedCents: 0,
				baseCents: 666423,
				contributionCents: 73307,
				netCents: 593116
			},
			{
				name: 'Chloé Durand',
				organisationName: 'CAE DELTA',
				grossCents: 1562386,
				feePaidCents: 62495,
				feeReceivedCents: 0,
				baseCents: 1499891,
				contributionCents: 134990,
				netCents: 1364901
			}
		],
		totals: { offerCents: 3249731, contributionCents: 327473, netCents: 2922258 },
		generatedAtLabel: '3 mars 2026 à 14:05 (heure de Paris)',
		generatedAt: new Date('2026-03-03T13:05:00Z')
	};
}

/** Collapses every kind of whitespace (incl. U+00A0, U+202F) to one space. */
export function norm(value: string): string {
	return value.replace(/\s+/g, ' ').trim();
}

export interface DocxParts {
	files: Record<string, Uint8Array>;
	xml(path: string): string;
	/** The visible text of a part: w:t contents, unescaped, paragraphs separated by newlines. */
	text(path: string): string;
	/** Text of every XML part (document, headers, footers…). */
	allText(): string;
}

function unescapeXml(value: string): string {
	return value.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
		switch (e) {
			case 'lt':
				return '<';
			case 'gt':
				return '>';
			case 'quot':
				return '"';
			case 'apos':
				return "'";
			case 'amp':
				return '&';
			default:
				return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		}
	});
}

/** Visible text of WordprocessingML: w:t contents unescaped, w:br as newline, w:tab as tab, one line per paragraph. */
export function xmlText(xml: string): string {
	let out = '';
	for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\b[^>]*\/>|<w:tab\/>|<\/w:p>/g)) {
		if (m[1] !== undefined) out += unescapeXml(m[1]);
		else if (m[0] === '<w:tab/>') out += '\t';
		else out += '\n';
	}
	return out;
}

export function readDocx(bytes: Uint8Array): DocxParts {
	const files = unzipSync(bytes);
	const xml = (path: string) => {
		const file = files[path];
		if (!file) throw new Error(`${path} missing from the DOCX`);
		return strFromU8(file);
	};
	return {
		files,
		xml,
		text: (path) => xmlText(xml(path)),
		allText: () =>
			Object.keys(files)
				.filter((name) => name.endsWith('.xml'))
				.map((name) => xmlText(xml(name)))
				.join('\n')
	};
}

export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
	const parser = new PDFParse({ data: new Uint8Array(bytes) });
	try {
		const result = await parser.getText();
		return { text: result.text, pages: result.total };
	} finally {
		await parser.destroy();
	}
}

export async function pdfLinks(bytes: Uint8Array): Promise<string[]> {
	const parser = new PDFParse({ data: new Uint8Array(bytes) });
	try {
		const info = await parser.getInfo({ parsePageInfo: true });
		return (info.pages ?? []).flatMap((page) => page.links.map((l) => l.url));
	} finally {
		await parser.destroy();
	}
}
