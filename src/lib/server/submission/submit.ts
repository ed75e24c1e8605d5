/**
 * Approve and submit (use case). Submitting re-checks every condition in one transaction,
 * freezes the bid (status 'submitted': every section room read-only, membership, lines and split
 * immutable) and stores an immutable record: each section's Yjs state and HTML, the split, the
 * members, the generated files and their SHA-256, the Paris time. The files are the deposit set
 * (mémoire PDF per lot, DC1, DC2, ATTRI1 — DOCX to complete and PDF —, the buyer-facing
 * breakdown per lot, the buyer's price schedules filled in, the pieces uploaded) and its ZIP,
 * whose manifest carries the same SHA-256; the group's internal documents (the split between
 * people, the mémoire's DOCX working copy) are kept apart and never enter the package.
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
import { generateExports, type GeneratedFile } from './exports';
import { depositPackage, uploadedPieces, type DepositFile } from './package';
import { safeFileName } from '../dossier/package';
import { loadFormsFacts, renderFormDocument, renderForms } from '../dossier/forms-facts';
import { breakdownDocument } from '../dossier/forms/breakdown';
import { filledScheduleOf } from '../dossier/price-schedule/schedule.service';
import { sha256Hex } from '../exports/hash';
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
	const formsFacts = await loadFormsFacts(ctx, bidId, { facts });
	const files = await generateExports(ctx, bidId, {
		draft: false,
		at: now,
		sectionDocs: new Map([...contents].map(([id, c]) => [id, c.doc])),
		facts,
		sections: sectionRows.map((s) => ({ id: s.id, title: s.title, lotId: s.lotId })),
		cover: formsFacts.input.members.map((m) => ({
			organisationId: m.organisationId,
			siret: m.siret,
			contact: [m.email, m.phone].filter(Boolean).join(' · ')
		}))
	});
	const record = await depositSet(ctx, bidId, files, formsFacts, now);
	const pkg = depositPackage(record.deposit, now);
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
		const stored: Array<{ id: string; name: string; sha256: string; size: number; audience: 'deposit' | 'internal' | 'package' }> = [];
		const keep = async (f: { name: string; mime: string; bytes: Uint8Array }, audience: 'deposit' | 'internal' | 'package') => {
			const s = await storeBytes({ ...ctx, db: trx }, f.bytes, { name: f.name, mime: f.mime, kind: 'export', bidId, uploadedBy: actor.id });
			stored.push({ id: s.id, name: f.name, sha256: s.sha256, size: f.bytes.length, audience });
		};
		await keep(
			{ name: safeFileName(`dossier-${formsFacts.input.tender.reference}.zip`), mime: 'application/zip', bytes: pkg.bytes },
			'package'
		);
		// Stored under the names they have in the package, so the manifest and the record agree.
		for (const [i, f] of record.deposit.entries()) await keep({ ...f, name: pkg.paths[i]!.split('/').pop()! }, 'deposit');
		for (const f of record.internal) await keep(f, 'internal');
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
			snapshot: JSON.stringify({ tender, members, split, files: stored, warnings: pkg.warnings })
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
			after: { files: stored.filter((f) => f.audience !== 'internal').map((f) => ({ name: f.name, sha256: f.sha256 })) }
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

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Splits what was generated into what the buyer receives and what stays in the group, and adds
 * the forms, the breakdowns, the filled schedules and the uploaded pieces to the deposit.
 */
async function depositSet(
	ctx: Ctx,
	bidId: string,
	exports: GeneratedFile[],
	formsFacts: Awaited<ReturnType<typeof loadFormsFacts>>,
	now: number
): Promise<{ deposit: DepositFile[]; internal: GeneratedFile[] }> {
	const deposit: DepositFile[] = [];
	const internal: GeneratedFile[] = [];
	const lotNumberOf = new Map(formsFacts.lotIds.map((id, i) => [id, formsFacts.input.lots[i]!.number]));
	for (const f of exports) {
		const memoire = /^memoire-technique-lot-(\d+)-.*\.(docx|pdf)$/.exec(f.name);
		if (memoire && memoire[2] === 'pdf')
			deposit.push({ name: `Memoire-technique-Lot-${memoire[1]}.pdf`, mime: PDF, bytes: f.bytes, place: Number(memoire[1]) });
		else internal.push(f);
	}
	for (const form of await renderForms(ctx, formsFacts, { draft: false, at: now })) {
		const place = form.kind === 'attri1' && form.lotId ? (lotNumberOf.get(form.lotId) ?? 'candidature') : 'candidature';
		deposit.push({ name: form.name, mime: form.mime, bytes: form.bytes, place });
	}
	for (const lot of formsFacts.input.lots) {
		const doc = breakdownDocument(formsFacts.input, lot);
		const bytes = await renderFormDocument(ctx, doc, formsFacts.input.tender.reference, 'pdf', { draft: false, at: now });
		deposit.push({ name: `${doc.fileStem}.pdf`, mime: PDF, bytes, place: lot.number });
	}
	for (const [i, lotId] of formsFacts.lotIds.entries()) {
		const filled = await filledScheduleOf(ctx, bidId, lotId, new Date(now));
		if (filled) deposit.push({ name: filled.name, mime: XLSX, bytes: filled.bytes, place: formsFacts.input.lots[i]!.number });
	}
	deposit.push(...(await uploadedPieces(ctx, bidId)));
	return { deposit, internal: internal.map((f) => ({ ...f, sha256: sha256Hex(f.bytes) })) };
}
