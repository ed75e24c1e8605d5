/**
 * Starting a bid from a past one (issue 16, item 4): the new bid is created as by create-bid.ts,
 * and in the same transaction gets what the coordinator chose to copy from one of the bids they
 * are a member of (any state; another bid answers 404): the outline (titles, order, limits,
 * criteria, lots mapped by from-past-rules.ts; no reviewer, the coordinator as author, no due
 * date), the pieces the past group added by hand to its tender (added to the new tender when its
 * pieces may still change), and optionally the price lines (coordinator assigned, marked « à
 * revérifier »). Never members, acceptances, comments, versions, activity, files, the frozen
 * record, decision or payments.
 *
 * The chosen sections' contents are written right after the transaction: each source section is
 * read as every server reader reads it (the live room when open, settled text), then stored as a
 * fresh document in the new section's room — content, not history. If one fails, the bid stays
 * whole (that section is empty) and the answer names it.
 */
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { invalid } from '../errors';
import { newId } from '../ids';
import { log } from '../log';
import type { Actor } from '../policies/actor';
import { canTender } from '../policies/tender.policy';
import { appendUpdates } from '../collab/persistence';
import { prosemirrorJSONToUpdate } from '../collab/text/from-json';
import { readSectionDoc, sectionRoom } from '../sections/state';
import { insertAuthors, insertSection } from '../sections/sections.repository';
import { insertRequirements, nextRequirementPosition } from '../requirements/requirements.repository';
import { findTender } from '../tenders/tenders.repository';
import { STANDARD_REQUIREMENTS } from '../tenders/tender-rules';
import { authorizeBid } from './bid-access';
import { getBidTenderTitle, listTenderBids } from './bids.repository';
import { startBid, type StartedBid } from './create-bid';
import { insertDeliverable } from './deliverables.repository';
import { mapLots, pieceKey, type LotRef } from './from-past-rules';
import { countOf } from '../../format/plural';
import {
	listBidsOfMember,
	listSourceLines,
	listSourceLots,
	listSourcePieces,
	listSourceSections,
	listTenderPieceKeys
} from './past-bids.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'collab'>;

/** What the coordinator chose to copy. */
export interface FromPastChoice {
	sourceBidId: string;
	outline: boolean;
	/** Source section ids whose content is copied (needs the outline). */
	contents: string[];
	pieces: boolean;
	prices: boolean;
}

export interface FromPastResult {
	bidId: string;
	/** Titles of the sections whose content could not be copied (they start empty). */
	contentsNotCopied: string[];
	/** What else was not copied, in French (pieces of a frozen tender, pictures left out). */
	notes: string[];
}

/** The bids the actor may start from: those they are a member of, in any state, newest first. */
export async function listPastBids(ctx: Pick<AppContext, 'db'>, actor: Actor) {
	return listBidsOfMember(ctx.db, actor.id);
}

/** A past bid's sections and lines as the form offers them; 404 for a bid the actor is not a member of. */
export async function pastBidOutline(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, bidId: string) {
	await authorizeBid(ctx, actor, bidId, 'view');
	const source = await readSource(ctx.db, bidId);
	return {
		bidId,
		sections: source.sections.map((s) => ({ id: s.id, title: s.title, lotNumber: s.lotNumber })),
		lines: source.lines.length,
		pieces: source.pieces.filter((p) => !STANDARD_KEYS.has(pieceKey(p))).length
	};
}

const STANDARD_KEYS = new Set(STANDARD_REQUIREMENTS.map(pieceKey));

type Source = Awaited<ReturnType<typeof readSource>>;

async function readSource(db: DB, bidId: string) {
	const [tender, sections, bidLots, pieces, lines] = [
		await getBidTenderTitle(db, bidId),
		await listSourceSections(db, bidId),
		await listSourceLots(db, bidId),
		await listSourcePieces(db, bidId),
		await listSourceLines(db, bidId)
	];
	// Every lot the copies refer to, including one since taken off the bid that still has sections.
	const lots = new Map<string, LotRef>(bidLots.map((l) => [l.id, l]));
	for (const x of [...sections, ...lines]) {
		if (x.lotId && x.lotNumber !== null && x.lotTitle !== null && !lots.has(x.lotId))
			lots.set(x.lotId, { id: x.lotId, number: x.lotNumber, title: x.lotTitle });
	}
	return { tender, sections, pieces, lines, lots: [...lots.values()].sort((a, b) => a.number - b.number) };
}

function check(choice: FromPastChoice, source: Source): void {
	const known = new Set(source.sections.map((s) => s.id));
	if (choice.contents.some((id) => !known.has(id)))
		throw invalid({ contenus: 'Contenus : choisissez des sections de la réponse d’origine.' });
	if (choice.contents.length > 0 && !choice.outline)
		throw invalid({ contenus: 'Pour copier le contenu de sections, copiez aussi le plan.' });
	if (!choice.outline && !choice.pieces && !choice.prices)
		throw invalid({ depuis: 'Cochez au moins ce qu’il faut copier (plan, pièces ou lignes de prix), ou choisissez « Aucune ».' });
}

/** The pieces the past group added by hand that the new tender lacks (the standard set comes with every tender). */
async function missingPieces(trx: DB, tenderId: string, source: Source) {
	const have = new Set([...STANDARD_KEYS, ...(await listTenderPieceKeys(trx, tenderId)).map(pieceKey)]);
	return source.pieces.filter((p) => {
		const key = pieceKey(p);
		if (have.has(key)) return false;
		have.add(key);
		return true;
	});
}

/** May the new bid's coordinator still change the tender's pieces (no bid on it deposited)? */
async function piecesMayChange(trx: DB, actor: Actor, tenderId: string): Promise<boolean> {
	const tender = await findTender(trx, tenderId);
	const bids = await listTenderBids(trx, tenderId);
	return Boolean(
		tender &&
		canTender(actor, 'edit', {
			id: tenderId,
			createdBy: tender.created_by,
			memberOfABid: true,
			bids: bids.map((b) => ({ coordinatorId: b.coordinator_id, status: b.status }))
		})
	);
}

/** Creates the bid with the chosen copies; a source bid the actor is not a member of answers 404. */
export async function createBidFromPast(
	ctx: Ctx,
	actor: Actor,
	tenderId: string,
	lotIds: string[],
	choice: FromPastChoice
): Promise<FromPastResult> {
	const origin = await authorizeBid(ctx, actor, choice.sourceBidId, 'view');
	const source = await readSource(ctx.db, origin.id);
	check(choice, source);
	const wanted = new Set(choice.contents);
	const pairs: Array<{ from: string; to: string; title: string }> = [];
	const notes: string[] = [];

	const bidId = await startBid(ctx, actor, tenderId, lotIds, async (trx: DB, bid: StartedBid) => {
		const lotOf = mapLots(source.lots, bid.lots);
		const outlinedLots = new Set<string>();
		const copied = { sections: 0, pieces: 0, lines: 0 };
		if (choice.outline) {
			let position = 0;
			for (const s of source.sections) {
				const lotId = s.lotId ? (lotOf.get(s.lotId)?.lotId ?? null) : null;
				const id = newId();
				await insertSection(trx, {
					id,
					bidId: bid.id,
					lotId,
					position: position++,
					title: s.title,
					reviewerId: null,
					limitKind: s.limitKind,
					limitValue: s.limitValue,
					criterion: s.criterion,
					dueAt: null,
					state: 'draft',
					createdAt: bid.now
				});
				await insertAuthors(trx, id, [actor.id]);
				if (lotId) outlinedLots.add(lotId);
				if (wanted.has(s.id)) pairs.push({ from: s.id, to: id, title: s.title });
				copied.sections++;
			}
		}
		if (choice.pieces) {
			const missing = await missingPieces(trx, bid.tenderId, source);
			if (missing.length && !(await piecesMayChange(trx, actor, bid.tenderId))) {
				notes.push('Pièces : un groupement a déjà déposé sa réponse à cet appel d’offres, sa liste de pièces ne peut plus changer.');
			} else if (missing.length) {
				let position = await nextRequirementPosition(trx, bid.tenderId);
				await insertRequirements(
					trx,
					missing.map((p) => ({
						id: newId(),
						tender_id: bid.tenderId,
						label: p.label,
						scope: p.scope,
						position: position++,
						produced: p.produced
					}))
				);
				copied.pieces = missing.length;
			}
		}
		if (choice.prices) {
			const next = new Map<string, number>();
			for (const line of source.lines) {
				const lotId = lotOf.get(line.lotId)!.lotId;
				const position = next.get(lotId) ?? 0;
				next.set(lotId, position + 1);
				const fields = {
					lotId,
					code: line.code,
					label: line.label,
					quantityMilli: line.quantityMilli,
					unit: line.unit,
					unitPriceCents: line.unitPriceCents
				};
				await insertDeliverable(trx, { ...fields, id: newId(), bidId: bid.id, position, createdAt: bid.now, recheck: true }, [
					{ userId: actor.id, weight: 1 }
				]);
				copied.lines++;
			}
		}
		return {
			outlinedLots,
			logged: { from: { bidId: origin.id, tender: source.tender.title, buyer: source.tender.buyer, ...copied, contents: pairs.length } }
		};
	});

	const contentsNotCopied: string[] = [];
	let pictures = 0;
	for (const pair of pairs) {
		try {
			const written = prosemirrorJSONToUpdate(await readSectionDoc(ctx, pair.from));
			pictures += written.picturesLeftOut;
			await appendUpdates(ctx.db, sectionRoom(pair.to), [written.update], ctx.now());
		} catch (e) {
			log.warn('bid from past: a section content was not copied', { bidId, sectionId: pair.to, error: String(e) });
			contentsNotCopied.push(pair.title);
		}
	}
	if (pictures > 0)
		notes.push(
			`Images : ${countOf(pictures, { one: 'image', other: 'images' })} de la réponse d’origine non copiée${pictures >= 2 ? 's' : ''} (ce sont des fichiers de l’autre réponse) ; leur description est restée à leur place.`
		);
	return { bidId, contentsNotCopied, notes };
}
