/**
 * Demo: a small library (issue 16) for Anne, Bruno and Chloé — a profile, one or two references
 * with Limousin buyers, a method — and for each CAE (GAMMA, DELTA) a presentation and an
 * environmental commitment, written through the library's use case as each person would.
 * Chloé's method speaks of « accessibilité »; each person shares one entry with the partner
 * directory; Anne's method is past its review date, so the « À revoir » badge shows.
 */
import type { AppContext } from '../context';
import type { JsonNode } from '../collab/text/from-json';
import type { Actor } from '../policies/actor';
import type { LibraryFields, LibraryKind, LibraryVisibility } from '../../domain/library';
import { createEntry } from '../library/library.service';
import type { DemoIds } from './seed';

const DAY = 86_400_000;

type Block = string | { h: string } | { ul: string[] };

/** A document of paragraphs, level-2 headings and bullet lists; **bold** runs in paragraphs. */
function doc(...blocks: Block[]): JsonNode {
	const inline = (s: string): JsonNode[] =>
		s
			.split(/\*\*/)
			.map((part, i) => ({ type: 'text', text: part, ...(i % 2 ? { marks: [{ type: 'bold' }] } : {}) }))
			.filter((n) => n.text);
	return {
		type: 'doc',
		content: blocks.map((b) =>
			typeof b === 'string'
				? { type: 'paragraph', content: inline(b) }
				: 'h' in b
					? { type: 'heading', attrs: { level: 2 }, content: inline(b.h) }
					: {
							type: 'bulletList',
							content: b.ul.map((item) => ({ type: 'listItem', content: [{ type: 'paragraph', content: inline(item) }] }))
						}
		)
	};
}

interface Seed {
	title: string;
	kind: LibraryKind;
	tags: string[];
	fields?: LibraryFields;
	visibility: LibraryVisibility;
	owner?: 'me' | 'organisation';
	reviewBy?: number;
	content: JsonNode;
}

const reference = (buyer: string, year: number, amountCents: number, lot: string, contact?: [string, string]): LibraryFields => ({
	buyer,
	year,
	amountCents,
	lot,
	contactName: contact?.[0] ?? '',
	contactReach: contact?.[1] ?? '',
	contactConsent: Boolean(contact)
});

export async function seedDemoLibrary(ctx: AppContext, ids: DemoIds): Promise<void> {
	const now = ctx.now();
	const actor = (key: keyof DemoIds['users'], org: keyof DemoIds['orgs']): Actor => ({
		id: ids.users[key],
		organisationId: ids.orgs[org],
		orgRole: key === 'bruno' ? 'entrepreneur' : 'admin'
	});
	const anne = actor('anne', 'gamma');
	const bruno = actor('bruno', 'gamma');
	const chloe = actor('chloe', 'delta');
	const seeds: Array<[Actor, Seed]> = [
		[
			anne,
			{
				title: 'Anne Martin — formatrice en communication',
				kind: 'profile',
				tags: ['formation', 'animation'],
				visibility: 'directory',
				fields: {
					trades: 'Formation, animation d’ateliers, communication',
					yearsExperience: 14,
					diplomas: 'Master information-communication (Limoges), titre de formatrice professionnelle'
				},
				content: doc(
					'Quatorze ans de formation d’adultes en Creuse et en Haute-Vienne : accueil des publics, prise de parole, communication des collectivités.',
					{ ul: ['Plus de 120 sessions animées pour des agents territoriaux', 'Conception de parcours mixtes (présentiel et distanciel)'] }
				)
			}
		],
		[
			anne,
			{
				title: 'Formation des agents d’accueil — Grand Guéret',
				kind: 'reference',
				tags: ['formation', 'accueil'],
				visibility: 'groups',
				fields: reference('Communauté d’agglomération du Grand Guéret', 2024, 1_840_000, 'Lot 1 — formation', [
					'Mme Laurent, DRH',
					'05 55 41 00 00'
				]),
				content: doc(
					{ h: 'Ce qui a été fait' },
					'Six journées de formation pour **45 agents d’accueil** : accueil physique et téléphonique, situations difficiles, langage clair.',
					{ ul: ['Diagnostic préalable avec les chefs de service', 'Supports remis à chaque agent', 'Bilan à trois mois'] }
				)
			}
		],
		[
			anne,
			{
				title: 'Animer un atelier participatif',
				kind: 'method',
				tags: ['animation', 'méthode'],
				visibility: 'private',
				reviewBy: now - 20 * DAY,
				content: doc('Notre déroulé type en trois temps : **écouter**, **faire ensemble**, **décider**.', {
					ul: ['Tour de table et attentes', 'Travail en sous-groupes', 'Restitution et plan d’action']
				})
			}
		],
		[
			bruno,
			{
				title: 'Bruno Petit — graphiste',
				kind: 'profile',
				tags: ['graphisme', 'identité visuelle'],
				visibility: 'organisation',
				fields: { trades: 'Graphisme, identité visuelle, mise en page', yearsExperience: 9, diplomas: 'DN MADE graphisme (Limoges)' },
				content: doc(
					'Graphiste installé à Limoges, je conçois identités visuelles, supports imprimés et signalétique pour les collectivités et les associations.'
				)
			}
		],
		[
			bruno,
			{
				title: 'Charte graphique du Parc naturel régional de Millevaches',
				kind: 'reference',
				tags: ['charte graphique', 'signalétique'],
				visibility: 'directory',
				fields: reference('Parc naturel régional de Millevaches en Limousin', 2023, 1_250_000, 'Identité visuelle et signalétique'),
				content: doc('Refonte de la charte graphique et de la signalétique des sentiers : logo, gabarits, **42 panneaux** posés en 2023.')
			}
		],
		[
			bruno,
			{
				title: 'Du croquis à l’impression',
				kind: 'method',
				tags: ['méthode', 'impression'],
				visibility: 'groups',
				content: doc('Trois pistes graphiques, deux allers-retours, un bon à tirer signé : la méthode qui tient les délais.')
			}
		],
		[
			chloe,
			{
				title: 'Chloé Bernard — développeuse web',
				kind: 'profile',
				tags: ['site web', 'accessibilité'],
				visibility: 'directory',
				fields: {
					trades: 'Développement web, rédaction web, accessibilité numérique',
					yearsExperience: 11,
					diplomas: 'Licence pro métiers du numérique (Brive), certification Opquast'
				},
				content: doc('Je développe des sites sobres et accessibles pour les collectivités du Limousin, de l’audit à la mise en ligne.')
			}
		],
		[
			chloe,
			{
				title: 'Site de la Ville de Tulle',
				kind: 'reference',
				tags: ['site web'],
				visibility: 'groups',
				fields: reference('Ville de Tulle', 2025, 2_490_000, 'Site internet', [
					'M. Roche, service communication',
					'communication@ville-tulle.example'
				]),
				content: doc('Refonte du site de la ville : 300 pages reprises, formulaires en ligne, hébergement en France.')
			}
		],
		[
			chloe,
			{
				title: 'Audit et mise en conformité RGAA',
				kind: 'method',
				tags: ['accessibilité', 'RGAA'],
				visibility: 'groups',
				content: doc(
					{ h: 'Notre méthode' },
					'Un audit d’**accessibilité** sur un échantillon de pages, puis les corrections par ordre d’impact pour les usagers.',
					{ ul: ['Échantillon validé avec l’acheteur', 'Tests au lecteur d’écran', 'Déclaration d’accessibilité publiée'] }
				)
			}
		],
		[
			anne,
			{
				title: 'CAE GAMMA — présentation de la coopérative',
				kind: 'presentation',
				tags: ['présentation'],
				visibility: 'organisation',
				owner: 'organisation',
				content: doc(
					'Coopérative d’activité et d’emploi de la Creuse, GAMMA héberge une soixantaine d’entrepreneur·es salarié·es dans les métiers de la formation, de la communication et du conseil.'
				)
			}
		],
		[
			anne,
			{
				title: 'GAMMA — engagement environnemental',
				kind: 'environment',
				tags: ['environnement', 'RSE'],
				visibility: 'directory',
				owner: 'organisation',
				content: doc('Déplacements mutualisés, supports numériques par défaut, impression locale sur papier recyclé.')
			}
		],
		[
			chloe,
			{
				title: 'CAE DELTA — présentation de la coopérative',
				kind: 'presentation',
				tags: ['présentation'],
				visibility: 'organisation',
				owner: 'organisation',
				content: doc('Coopérative corrézienne, DELTA accompagne les métiers du numérique et de l’artisanat depuis 2009.')
			}
		],
		[
			chloe,
			{
				title: 'DELTA — engagement environnemental',
				kind: 'environment',
				tags: ['environnement', 'sobriété numérique'],
				visibility: 'directory',
				owner: 'organisation',
				content: doc('Sites sobres et hébergés en France, matériel reconditionné, écoconception des services numériques.')
			}
		]
	];
	for (const [who, s] of seeds) {
		await createEntry(ctx, who, {
			title: s.title,
			kind: s.kind,
			tags: s.tags,
			fields: s.fields ?? {},
			visibility: s.visibility,
			owner: s.owner ?? 'me',
			reviewBy: s.reviewBy ?? null,
			content: s.content
		});
	}
}
