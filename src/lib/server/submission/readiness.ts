/**
 * What still blocks the submission of a bid, and warnings that do not: its status, the DLRO,
 * sections not validated, pieces to provide, members who have not accepted the split, no price
 * line. Shown on the « Dépôt » page and checked again inside the submission's transaction.
 */
import type { AppContext } from '../context';
import { takesPart } from '../policies/member.policy';
import { listMembers } from '../bids/bids.repository';
import { listSections } from '../sections/sections.repository';
import { listChecklist } from '../requirements/requirements.repository';
import { ITEM_STATUSES } from '../requirements/labels';
import { formatParis } from '../../domain/dates';
import { hasPriceLine, listAcceptedUserIds, loadReadinessBid } from './submission.repository';

export interface Blocker {
	kind: 'section' | 'piece' | 'acceptance' | 'deadline' | 'status' | 'freeze';
	message: string;
	link: string;
}

/** What still blocks submission (and warnings that do not). */
export async function readiness(
	ctx: Pick<AppContext, 'db'>,
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
	for (const s of await listSections(ctx.db, bidId)) {
		if (s.state !== 'validated') {
			blockers.push({
				kind: 'section',
				message: `Section non validée : « ${s.title} »${s.lotNumber !== null ? ` (lot ${s.lotNumber})` : ''}`,
				link: `${base}/sections/${s.id}`
			});
		}
	}
	for (const p of await listChecklist(ctx.db, bidId)) {
		if (p.status === 'todo') {
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
