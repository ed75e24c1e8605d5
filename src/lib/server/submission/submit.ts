/**
 * Approve and submit (use case). Submitting re-checks every condition in one transaction,
 * freezes the bid (status 'submitted': every section room read-only, membership, lines and split
 * immutable) and stores an immutable record: each section's Yjs state and HTML, the split, the
 * members, the generated files and their SHA-256, the Paris time.
 */
import { logActivity } from '../activity.repository';
import type { AppContext } from '../context';
import { DomainError, notFound } from '../errors';
import { newId } from '../ids';
import { notify } from '../notifications/notifications.repository';
import type { Actor } from '../policies/actor';
import { can } from '../policies/index';
import { isFrozen } from '../policies/bid.policy';
import { authorizeAccess } from '../bids/bid-access';
import { accessFromFacts, computeBidSplit } from '../split/split-input';
import { loadSplitFacts } from '../split/split.repository';
import { listSections } from '../sections/sections.repository';
import { readSectionContent, sectionRoom } from '../sections/state';
import { createVersion } from '../sections/snapshot';
import { storeBytes } from '../files/storage';
import { formatParis } from '../../domain/dates';
import { generateExports } from './exports';
import { readiness } from './readiness';
import { listMembers } from '../bids/bids.repository';
import { bidStatus, insertSubmission, insertSubmissionSection, loadRecordTender, markSubmitted } from './submission.repository';

type Ctx = Pick<AppContext, 'db' | 'now' | 'mailer' | 'collab' | 'config'> & Partial<Pick<AppContext, 'renderer'>>;

/**
 * Approve and submit (coordinator only). A second click, a stale page or a concurrent request
 * cannot submit twice: the status changes only from 'draft', and `submissions.bid_id` is unique.
 */
export async function submitBid(ctx: Ctx, actor: Actor & { name: string }, bidId: string): Promise<string> {
	// Before the transaction, the bid's facts (members, lines, lots) and its sections are read
	// once, for the access check and the files; the transaction then re-checks and records.
	const facts = await loadSplitFacts(ctx.db, bidId);
	if (!facts) throw notFound();
	const access = authorizeAccess(actor, accessFromFacts(facts, actor.id, ctx.now()), 'view');
	if (!can(actor, 'bid', 'submit', access)) {
		if (isFrozen(access)) throw new DomainError('frozen', 'La réponse a déjà été déposée.');
		throw new DomainError('forbidden', 'Seule la coordination approuve et dépose la réponse.');
	}
	const sectionRows = await listSections(ctx.db, bidId);
	const sectionIds = sectionRows.map((s) => s.id);
	// Read every section's content once; the same content goes into the record and the files.
	const contents = new Map<string, Awaited<ReturnType<typeof readSectionContent>>>();
	for (const id of sectionIds) contents.set(id, await readSectionContent(ctx, id));
	const now = ctx.now();
	const files = await generateExports(ctx, bidId, {
		draft: false,
		at: now,
		sectionDocs: new Map([...contents].map(([id, c]) => [id, c.doc])),
		facts,
		sections: sectionRows.map((s) => ({ id: s.id, title: s.title, lotId: s.lotId }))
	});
	const submissionId = newId();
	await ctx.db.transaction().execute(async (trx) => {
		if ((await bidStatus(trx, bidId)) !== 'draft') throw new DomainError('frozen', 'La réponse a déjà été déposée.');
		const { blockers } = await readiness({ db: trx, collab: ctx.collab }, bidId, now);
		if (blockers.length) {
			throw new DomainError('conflict', `Dépôt impossible : ${blockers.map((b) => b.message).join(' ; ')}`, {
				_form: blockers.map((b) => b.message).join('\n')
			});
		}
		if (!(await markSubmitted(trx, bidId, now))) throw new DomainError('frozen', 'La réponse a déjà été déposée.');
		const stored = [];
		for (const f of files) {
			const s = await storeBytes({ ...ctx, db: trx }, f.bytes, { name: f.name, mime: f.mime, kind: 'export', bidId, uploadedBy: actor.id });
			stored.push({ id: s.id, name: f.name, sha256: s.sha256, size: f.bytes.length });
		}
		const members = await listMembers(trx, bidId);
		const split = await computeBidSplit(trx, bidId);
		const sections = await listSections(trx, bidId);
		const tender = await loadRecordTender(trx, bidId);
		await insertSubmission(trx, {
			id: submissionId,
			bidId,
			submittedBy: actor.id,
			submittedAt: now,
			parisTime: formatParis(now),
			snapshot: JSON.stringify({ tender, members, split, files: stored })
		});
		for (const s of sections) {
			const c = contents.get(s.id)!;
			await createVersion(
				trx,
				{ sectionId: s.id, name: `Déposée le ${formatParis(now)}`, userId: actor.id, kind: 'submission', now },
				{ liveState: () => c.state }
			);
			await insertSubmissionSection(trx, {
				submissionId,
				sectionId: s.id,
				position: s.position,
				title: s.title,
				lotId: s.lotId,
				state: c.state,
				html: c.html,
				docJson: JSON.stringify(c.doc)
			});
		}
		await logActivity(trx, now, {
			actorId: actor.id,
			bidId,
			entity: 'bid',
			entityId: bidId,
			action: 'submitted',
			after: { files: stored.map((f) => ({ name: f.name, sha256: f.sha256 })) }
		});
		await notify(
			trx,
			now,
			members
				.filter((m) => m.id !== actor.id)
				.map((m) => ({
					userId: m.id,
					bidId,
					kind: 'submitted',
					message: `${actor.name} a approuvé et déposé la réponse « ${tender.title} ».`,
					link: `/reponses/${bidId}/depot`
				}))
		);
	});
	// Every connected editor switches to read-only now.
	for (const id of sectionIds) await ctx.collab?.refreshAccess(sectionRoom(id));
	return submissionId;
}
