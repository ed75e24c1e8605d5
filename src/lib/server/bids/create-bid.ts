/**
 * Starting a bid on a call for tenders: the actor coordinates it for their organisation, answers
 * the chosen lots, and gets the default outline (one set of sections per lot, the coordinator as
 * author) and the bid's pieces, in one transaction. Their organisation becomes the mandataire,
 * so it is refused when that organisation already leads a group on the same tender (one group
 * per contract, docs/DOMAIN.md « One mandataire per tender »). `startBid` lets a bid started from
 * a past one (from-past.ts) put its copies in the same transaction: the lots it gave an outline to
 * get no default one.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError, invalid } from '../errors';
import { newId } from '../ids';
import type { Actor } from '../policies/actor';
import { canCoordinate } from '../policies/tender.policy';
import { authorizeTender } from '../tenders/tender-access';
import { listLots } from '../tenders/tenders.repository';
import { syncRequirementItems } from '../requirements/sync';
import { DEFAULT_FREEZE_BEFORE_MS, DEFAULT_OUTLINE } from './bid-rules';
import { insertBid, insertBidLots, insertMember } from './bids.repository';
import { findBidLedByOrganisation } from './groups.repository';
import { findOrganisationName } from '../accounts/organisations.repository';
import { insertAuthors, insertSection, lastPosition } from '../sections/sections.repository';

type Ctx = Pick<AppContext, 'db' | 'now'>;

/** The bid just inserted, as a filler sees it. */
export interface StartedBid {
	id: string;
	tenderId: string;
	/** The chosen lots, in lot order. */
	lots: Array<{ id: string; number: number; title: string }>;
	now: number;
}

/**
 * Adds to a bid being created, in the creation's transaction; returns the chosen lots it gave an
 * outline to and what the « created » activity entry adds.
 */
export type BidFiller = (trx: DB, bid: StartedBid) => Promise<{ outlinedLots: ReadonlySet<string>; logged: Record<string, unknown> }>;

/** Creates the bid and returns its id; a tender the actor cannot see answers 404. */
export async function createBid(ctx: Ctx, actor: Actor, tenderId: string, lotIds: string[]): Promise<string> {
	return startBid(ctx, actor, tenderId, lotIds);
}

/** createBid, with what `fill` adds in the same transaction. */
export async function startBid(ctx: Ctx, actor: Actor, tenderId: string, lotIds: string[], fill?: BidFiller): Promise<string> {
	const { tender } = await authorizeTender(ctx, actor, tenderId, 'view');
	if (!canCoordinate(actor)) {
		throw new DomainError('forbidden', 'Pour coordonner une réponse, rattachez-vous à votre organisation en tant qu’entrepreneur·e.');
	}
	const lots = await listLots(ctx.db, tenderId);
	if (lots.length === 0) throw invalid({ lots: "Ajoutez d'abord au moins un lot à l'appel d'offres." });
	const chosen = lots.filter((l) => lotIds.includes(l.id));
	if (chosen.length === 0) throw invalid({ lots: 'Choisissez au moins un lot auquel répondre.' });
	const now = ctx.now();
	if (tender.dlro <= now) throw new DomainError('deadline_passed', 'La date limite de remise des offres est passée.');
	const organisationId = actor.organisationId!;
	const id = newId();
	await ctx.db.transaction().execute(async (trx) => {
		// Checked in the transaction: two colleagues clicking at once still make one group.
		const led = await findBidLedByOrganisation(trx, tenderId, organisationId);
		if (led) {
			const orgName = (await findOrganisationName(trx, organisationId)) ?? 'Votre organisation';
			const message =
				`${orgName} est déjà mandataire d'un groupement sur cet appel d'offres : la réponse coordonnée par ${led.coordinatorName}. ` +
				`Une entreprise ne peut être mandataire que d'un seul groupement par marché : demandez à ${led.coordinatorName} de vous inviter dans sa réponse, ` +
				`ou rejoignez le groupement d'une autre structure comme simple membre.`;
			throw new DomainError('conflict', `${orgName} mène déjà un groupement sur cet appel d'offres.`, { lots: message });
		}
		await insertBid(trx, {
			id,
			tender_id: tenderId,
			coordinator_id: actor.id,
			mandataire_org_id: organisationId,
			form: 'unique',
			fee_rate_bp: 0,
			status: 'draft',
			internal_freeze_at: Math.max(now, tender.dlro - DEFAULT_FREEZE_BEFORE_MS),
			submitted_at: null,
			decided_at: null,
			created_at: now
		});
		await insertBidLots(
			trx,
			id,
			chosen.map((l) => l.id)
		);
		await insertMember(trx, { bid_id: id, user_id: actor.id, organisation_id: organisationId, role: 'coordinator', joined_at: now });
		const filled = fill ? await fill(trx, { id, tenderId, lots: chosen, now }) : null;
		let position = (await lastPosition(trx, id)) + 1;
		for (const lot of chosen.filter((l) => !filled?.outlinedLots.has(l.id))) {
			for (const title of DEFAULT_OUTLINE) {
				const sectionId = newId();
				await insertSection(trx, {
					id: sectionId,
					bidId: id,
					lotId: lot.id,
					position: position++,
					title,
					reviewerId: null,
					limitKind: 'none',
					limitValue: null,
					criterion: '',
					dueAt: null,
					state: 'draft',
					createdAt: now
				});
				await insertAuthors(trx, sectionId, [actor.id]);
			}
		}
		await syncRequirementItems(trx, id);
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId: id,
			entity: 'bid',
			entityId: id,
			action: 'created',
			after: { lots: chosen.map((l) => l.number), ...filled?.logged }
		});
	});
	return id;
}
