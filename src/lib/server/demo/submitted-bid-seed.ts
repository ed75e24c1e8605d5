/**
 * Demo: a second bid, already approved and submitted, so the frozen side of Cotrait can be
 * seen without walking through the whole journey — Anne coordinates, Bruno and Chloé write and
 * price, Dora follows. Its history runs in the past (tender 25 days ago, sections written and
 * validated, everyone accepting the split, submission five days ago, deposit recorded on the
 * buyer's platform an hour later, DLRO two days ago): the decision is awaited.
 *
 * Everything goes through the services with a clock set back, so the stored records, exports,
 * versions, activity and notifications are exactly those a real run would leave; the members,
 * the form and the authors (already agreed when the story starts) are written through their
 * owners' repositories.
 */
import * as Y from 'yjs';
import type { AppContext } from '../context';
import { addLot, createTender } from '../tenders/tenders.service';
import { createBid } from '../bids/create-bid';
import { createDeliverable } from '../bids/deliverables.service';
import { syncRequirementItems } from '../requirements/sync';
import { updateChecklistItem } from '../requirements/requirements.service';
import { transitionSection } from '../sections/review.service';
import { recordDeposit } from '../submission/deposit';
import { submitBid } from '../submission/submit';
import { acceptSplit, setFee } from '../split/acceptance.service';
import { appendUpdates } from '../collab/persistence';
import { SECTION_FIELD } from '../collab/text';
import { sectionRoom } from '../sections/state';
import { insertMember, updateBidForm } from '../bids/bids.repository';
import { listOutline } from '../sections/sections.repository';
import { listItemKeys } from '../requirements/requirements.repository';
import { addDemoAuthor } from './authors';
import type { DemoIds } from './seed';
import { parisLocalToUtcMs, utcMsToParisLocal } from '../../domain/dates';

const DAY = 24 * 3600 * 1000;

export const SUBMITTED_DEMO_REFERENCE = '2026-OTMV-007';

/** A block of a section: a paragraph, a bullet list, or a table whose first row is a header. */
type Block = { p: string } | { ul: string[] } | { table: string[][] };

const CONTENT: Record<string, Block[]> = {
	'Présentation du groupement': [
		{
			p: 'Le groupement conjoint réunit trois entrepreneur·es de deux coopératives d’activité et d’emploi de la Creuse et de la Corrèze, habitué·es à travailler ensemble pour les acteurs du tourisme rural.'
		},
		{
			ul: [
				'Anne Martin (CAE GAMMA), mandataire : formatrice en communication, coordination et ateliers.',
				'Bruno Petit (CAE GAMMA) : graphiste, maquette et mise en page.',
				'Chloé Bernard (CAE DELTA) : développeuse web, version en ligne accessible.'
			]
		}
	],
	'Compréhension du besoin': [
		{
			p: 'L’office de tourisme souhaite remplacer ses dépliants dispersés par un livret d’accueil unique, imprimé et en ligne, qui présente les 42 communes du territoire, leurs sentiers et leurs producteurs.'
		},
		{
			p: 'Le livret doit être lisible par tous (contrastes, taille de texte, version numérique conforme au RGAA) et pouvoir être mis à jour chaque saison par l’équipe de l’office, sans prestataire.'
		}
	],
	Méthodologie: [
		{ p: 'Nous partons des questions réelles des visiteurs, recueillies au comptoir, pour construire le sommaire avec l’équipe.' },
		{
			ul: [
				'Trois ateliers de co-conception avec les conseillères en séjour.',
				'Une maquette validée page à page avant toute impression.',
				'Une version web générée à partir des mêmes contenus, testée avec un lecteur d’écran.'
			]
		}
	],
	'Moyens humains': [
		{
			p: 'Chaque membre intervient personnellement ; aucune sous-traitance. Anne est l’interlocutrice unique de l’office pendant toute la durée du marché.'
		}
	],
	Planning: [
		{
			table: [
				['Étape', 'Durée', 'Responsable'],
				['Ateliers de co-conception', '3 semaines', 'Anne Martin'],
				['Maquette et relectures', '4 semaines', 'Bruno Petit'],
				['Version web et tests', '3 semaines', 'Chloé Bernard']
			]
		}
	],
	Références: [
		{
			p: 'Guide des randonnées du Pays de Bourganeuf (2025), site des producteurs du plateau de Millevaches (2024), ateliers d’accueil numérique pour trois offices de tourisme de la Haute-Vienne.'
		}
	],
	'Démarche environnementale': [
		{
			p: 'Impression sur papier recyclé par un imprimeur labellisé Imprim’Vert situé à moins de 60 km ; tirage ajusté aux besoins réels ; version web légère (pages de moins de 500 Ko).'
		}
	]
};

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

/** The stored Yjs update of a section holding `blocks`, as the editor would have written it. */
function sectionUpdate(blocks: Block[]): Uint8Array {
	const doc = new Y.Doc();
	const nodes = blocks.map((b) => {
		if ('p' in b) return paragraph(b.p);
		if ('ul' in b) {
			const list = new Y.XmlElement('bulletList');
			list.insert(
				0,
				b.ul.map((item) => {
					const li = new Y.XmlElement('listItem');
					li.insert(0, [paragraph(item)]);
					return li;
				})
			);
			return list;
		}
		const table = new Y.XmlElement('table');
		table.insert(
			0,
			b.table.map((row, r) => {
				const tr = new Y.XmlElement('tableRow');
				tr.insert(
					0,
					row.map((cell) => {
						const td = new Y.XmlElement(r === 0 ? 'tableHeader' : 'tableCell');
						td.insert(0, [paragraph(cell)]);
						return td;
					})
				);
				return tr;
			})
		);
		return table;
	});
	doc.getXmlFragment(SECTION_FIELD).insert(0, nodes);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

export async function seedSubmittedDemoBid(ctx: AppContext, ids: DemoIds): Promise<string> {
	const start = ctx.now();
	// A Paris wall time `daysAgo` days before now, and the context whose clock reads it.
	const paris = (daysAgo: number, time: string) => parisLocalToUtcMs(`${utcMsToParisLocal(start - daysAgo * DAY).slice(0, 10)}T${time}`)!;
	const at = (ms: number): AppContext => ({ ...ctx, now: () => ms });
	const anne = {
		id: ids.users.anne,
		organisationId: ids.orgs.gamma,
		orgRole: 'admin' as const,
		name: 'Anne Martin',
		email: 'anne@demo.test'
	};
	const bruno = {
		id: ids.users.bruno,
		organisationId: ids.orgs.gamma,
		orgRole: 'entrepreneur' as const,
		name: 'Bruno Petit',
		email: 'bruno@demo.test'
	};
	const chloe = {
		id: ids.users.chloe,
		organisationId: ids.orgs.delta,
		orgRole: 'admin' as const,
		name: 'Chloé Bernard',
		email: 'chloe@demo.test'
	};

	const dlro = paris(2, '12:00');
	const tenderId = await createTender(at(paris(25, '09:10')), anne, {
		buyer: 'Office de tourisme Monts et Vallées Ouest Creuse',
		reference: SUBMITTED_DEMO_REFERENCE,
		title: 'Livret d’accueil des visiteurs, imprimé et en ligne',
		procedure: 'mapa',
		platformUrl: 'https://www.marches-publics.gouv.fr/',
		estimateCents: 1_200_000,
		questionsDeadline: dlro - 7 * DAY,
		dlro
	});
	const lot = await addLot(at(paris(25, '09:20')), anne, tenderId, {
		number: 1,
		title: 'Conception, mise en page et version web du livret',
		estimateCents: 1_200_000,
		priceForm: 'dpgf',
		pageLimit: 6,
		criteria: [
			{ label: 'Prix', weightPct: 40 },
			{ label: 'Valeur technique', weightPct: 50 },
			{ label: 'Accessibilité de la version web', weightPct: 10 }
		]
	});
	const bidId = await createBid(at(paris(24, '14:00')), anne, tenderId, [lot]);
	const joined = paris(23, '10:00');
	for (const [key, org, role, joinedAt] of [
		['bruno', 'gamma', 'member', joined],
		['chloe', 'delta', 'member', joined + 1],
		['dora', 'gamma', 'observer', joined + 2]
	] as const) {
		await insertMember(ctx.db, { bid_id: bidId, user_id: ids.users[key], organisation_id: ids.orgs[org], role, joined_at: joinedAt });
	}
	await updateBidForm(ctx.db, bidId, 'conjoint_solidaire');
	await setFee(at(paris(22, '11:00')), anne, bidId, 300);
	await syncRequirementItems(ctx.db, bidId);

	const lines: Array<[string, string, number, string, number, Array<[string, number]>]> = [
		['L1-1', 'Ateliers de co-conception', 3_000, 'jour', 45_000, [[anne.id, 1]]],
		['L1-2', 'Maquette et mise en page du livret', 1_000, 'forfait', 240_000, [[bruno.id, 1]]],
		['L1-3', 'Version web accessible', 1_000, 'forfait', 180_000, [[chloe.id, 1]]],
		[
			'L1-4',
			'Rédaction des contenus',
			24_000,
			'page',
			8_500,
			[
				[anne.id, 1],
				[chloe.id, 1]
			]
		]
	];
	for (const [code, label, quantityMilli, unit, unitPriceCents, assignees] of lines) {
		await createDeliverable(at(paris(21, '15:00')), anne, bidId, {
			lotId: lot,
			code,
			label,
			quantityMilli,
			unit,
			unitPriceCents,
			assignees: assignees.map(([userId, weight]) => ({ userId, weight }))
		});
	}

	// The sections, written (stored as the collaboration server stores them), then validated.
	for (const s of await listOutline(ctx.db, bidId)) {
		const author =
			s.title === 'Planning' || s.title === 'Références' ? bruno.id : s.title === 'Démarche environnementale' ? chloe.id : anne.id;
		await addDemoAuthor(ctx.db, s.id, author);
		await appendUpdates(ctx.db, sectionRoom(s.id), [sectionUpdate(CONTENT[s.title] ?? [{ p: s.title }])], paris(10, '10:30'));
		await transitionSection(at(paris(6, '16:00')), anne, bidId, s.id, 'validate');
	}
	for (const item of await listItemKeys(ctx.db, bidId))
		await updateChecklistItem(at(paris(6, '16:30')), anne, bidId, item.id, { status: 'provided', ownerId: anne.id });
	for (const person of [anne, bruno, chloe]) await acceptSplit(at(paris(6, '17:00')), person, bidId);

	await submitBid(at(paris(5, '17:30')), anne, bidId);
	await recordDeposit(at(paris(5, '18:15')), anne, bidId, { at: paris(5, '18:10'), receipt: null });
	return bidId;
}
