/**
 * What still blocks the submission of a bid, and warnings that do not: its status, the DLRO,
 * sections not validated, empty (nothing but spaces or titles), over their limit, with pending
 * suggested changes or with comment threads in their text still open (the general discussion
 * does not block), a lot's mémoire over the lot's page limit, pieces to provide, members who have
 * not accepted the split, no price line. Pieces Cotrait produces at submission (DC1, DC2, ATTRI1, the mémoire, the price
 * schedule when the buyer's workbook was imported) do not block: they are generated then.
 * Lengths are computed as the section's counter shows them (lib/collab/length.ts). Shown on the
 * « Dépôt » page and checked again inside the submission's transaction.
 */
import type { AppContext } from '../context';
import { takesPart } from '../policies/member.policy';
import { listSections } from '../sections/sections.repository';
import { listChecklist } from '../requirements/requirements.repository';
import { ITEM_STATUSES } from '../requirements/labels';
import { formatParis } from '../../domain/dates';
import { estimatePages, lengthReport, lengthText } from '../../collab/length';
import { countOf } from '../../format/plural';
import { listBidLots, listMembers } from '../bids/bids.repository';
import { measureSection } from '../sections/measure';
import { openThreadCounts } from '../sections/comment-threads.repository';
import { hasPriceLine, listAcceptedUserIds, loadReadinessBid, lotsWithSchedule } from './submission.repository';

export interface Blocker {
	kind: 'section' | 'piece' | 'acceptance' | 'deadline' | 'status' | 'freeze';
	message: string;
	link: string;
}

/** What still blocks submission (and warnings that do not). */
export async function readiness(
	ctx: Pick<AppContext, 'db' | 'collab'> & Partial<Pick<AppContext, 'renderer'>>,
	bidId: string,
	now: number
): Promise<{ blockers: Blocker[]; warnings: Blocker[] }> {
	const bid = await loadReadinessBid(ctx.db, bidId);
	const base = `/reponses/${bidId}`;
	const blockers: Blocker[] = [];
	const warnings: Blocker[] = [];
	if (bid.status !== 'draft') blockers.push({ kind: 'status', message: 'La réponse a déjà été déposée.', link: base });
	if (now >= bid.dlro) {
		blockers.push({
			kind: 'deadline',
			message: `La date limite de remise des offres est passée (${formatParis(bid.dlro)}) ; il est ${formatParis(now)}.`,
			link: base
		});
	} else if (bid.internal_freeze_at !== null && now >= bid.internal_freeze_at) {
		warnings.push({
			kind: 'freeze',
			message: `Gel interne passé depuis le ${formatParis(bid.internal_freeze_at)} : seule la coordination modifie encore la réponse.`,
			link: base
		});
	}
	const sections = await listSections(ctx.db, bidId);
	const measured = await Promise.all(sections.map((s) => measureSection(ctx, s.id)));
	const openThreads = await openThreadCounts(ctx.db, bidId); // comments anchored in the text, not resolved
	sections.forEach((s, i) => {
		const where = `« ${s.title} »${s.lotNumber !== null ? ` (lot ${s.lotNumber})` : ''}`;
		const link = `${base}/sections/${s.id}`;
		const size = measured[i]!;
		if (size.bodyCharacters === 0) blockers.push({ kind: 'section', message: `Section vide : ${where} — écrivez son contenu.`, link });
		else if (s.state !== 'validated') blockers.push({ kind: 'section', message: `Section non validée : ${where}`, link });
		// Suggested changes (issue 15): exports leave pending ones out, so they are decided first.
		if (size.pendingSuggestions > 0)
			blockers.push({
				kind: 'section',
				message: `${countOf(size.pendingSuggestions, { one: 'suggestion en attente', other: 'suggestions en attente' })} : ${where} — acceptez-les ou refusez-les.`,
				link
			});
		// Comment threads (issue 15): an open one in the text is a question still unanswered.
		const open = openThreads.get(s.id);
		if (open)
			blockers.push({
				kind: 'section',
				message: `${countOf(open, { one: 'commentaire ouvert', other: 'commentaires ouverts' })} dans le texte : ${where} — résolvez-les.`,
				link: `${link}#commentaires`
			});
		const report = lengthReport(size.characters, s.limitKind, s.limitValue);
		if (report.over)
			blockers.push({
				kind: 'section',
				message: `Section trop longue : ${where} — ${lengthText(report, s.limitKind, s.limitValue)}.`,
				link
			});
	});
	// A lot's mémoire is the common sections and the lot's own: its length is their sum.
	for (const lot of await listBidLots(ctx.db, bidId)) {
		if (!lot.page_limit) continue;
		const characters = sections.reduce((sum, s, i) => (s.lotId === null || s.lotId === lot.id ? sum + measured[i]!.characters : sum), 0);
		const pages = estimatePages(characters);
		if (pages > lot.page_limit)
			blockers.push({
				kind: 'section',
				message: `Le mémoire du lot ${lot.number} dépasse sa limite : ≈ ${countOf(pages, { one: 'page', other: 'pages' }, (n) => n.toLocaleString('fr-FR'))} pour ${countOf(lot.page_limit, { one: 'page', other: 'pages' })} au plus.`,
				link: `${base}/sections`
			});
	}
	const scheduled = await lotsWithSchedule(ctx.db, bidId);
	for (const p of await listChecklist(ctx.db, bidId)) {
		// Generated at submission: the forms and the mémoire always, the price schedule when the
		// buyer's workbook was imported on that lot (otherwise the group uploads its own).
		const produced = p.produced !== null && (p.produced !== 'price_schedule' || (p.lotNumber !== null && scheduled.has(p.lotNumber)));
		if (p.status === 'todo' && !produced) {
			const scope = [p.organisationName, p.lotNumber !== null ? `lot ${p.lotNumber}` : null].filter(Boolean).join(', ');
			blockers.push({
				kind: 'piece',
				message: `Pièce ${ITEM_STATUSES.todo.toLowerCase()} : ${p.label}${scope ? ` (${scope})` : ''}`,
				link: `${base}/pieces`
			});
		}
	}
	const members = await listMembers(ctx.db, bidId);
	const accepted = await listAcceptedUserIds(ctx.db, bidId);
	for (const m of members) {
		if (takesPart(m) && !accepted.has(m.id)) {
			blockers.push({
				kind: 'acceptance',
				message: `${m.name} (${m.organisationName}) n’a pas encore accepté la répartition.`,
				link: `${base}/repartition`
			});
		}
	}
	if (!(await hasPriceLine(ctx.db, bidId)))
		blockers.push({ kind: 'acceptance', message: 'Aucune prestation chiffrée : ajoutez les lignes de prix.', link: `${base}/prestations` });
	return { blockers, warnings };
}
