/**
 * Storage quota per organisation: anyone may sign up, create an organisation, tenders and bids,
 * so the space each organisation takes on the host's disk is bounded by ORG_STORAGE_QUOTA_MB
 * (config.orgStorageQuotaBytes, default 2 GiB; see docs/SECURITY.md, « Limits and quotas »).
 *
 * What an organisation uses (its « attribution »):
 * - files of its bids (pieces, receipts, generated exports): a bid's files count against its
 *   mandataire, the organisation that leads the group and created the bid;
 * - files of its tenders (DCE): a tender belongs to the organisation of the person who entered
 *   it (tenders.created_by; one organisation per person);
 * - the co-written documents of its bids' sections: room `section/<id>`'s update log
 *   (`collab_updates.data`) and snapshot (`collab_snapshots.state`), and the versions taken of
 *   them (`section_versions.state` and `html`).
 *
 * Enforced on every upload (files/storage.ts `storeUpload`) and on versions taken by hand; the
 * collaboration server uses `roomStorageAllowance` to refuse document growth past it.
 * Generated files (the submission's exports) and versions taken by the workflow (validation,
 * submission) count but are never refused: a bid must stay submittable.
 *
 * The reads (what an organisation uses, who owns a room or a file) are in storage.repository.ts.
 */
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError } from '../errors';
import { findOrganisationName } from '../accounts/organisations.repository';
import { findBidOwner, findSectionOwner, findTenderOwner, storageUsedBy } from './storage.repository';

const ROOM = /^section\/(.+)$/;

/**
 * What the collaboration server may still store for `room` (its StorageQuota): the owner and the
 * bytes left under the quota, read when the first of the owner's rooms opens. Null for a room
 * that counts against nobody.
 */
export async function roomStorageAllowance(
	ctx: Pick<AppContext, 'db' | 'config'>,
	room: string
): Promise<{ owner: string; available: number } | null> {
	const owner = await roomOwner(ctx.db, room);
	if (!owner) return null;
	return { owner, available: Math.max(0, ctx.config.orgStorageQuotaBytes - (await storageUsedBy(ctx.db, owner))) };
}

/**
 * The organisation whose quota a collaboration room counts against: for `section/<sectionId>`,
 * the mandataire of the section's bid. Null for any other room or a section that no longer exists.
 */
export async function roomOwner(db: DB, room: string): Promise<string | null> {
	const sectionId = ROOM.exec(room)?.[1];
	if (!sectionId) return null;
	return findSectionOwner(db, sectionId);
}

/**
 * The organisation a new file counts against: the bid's mandataire for a bid's file, the
 * organisation of the tender's creator for a tender's file. Null when neither is found.
 */
export async function fileOwner(db: DB, target: { bidId?: string | null; tenderId?: string | null }): Promise<string | null> {
	if (target.bidId) return findBidOwner(db, target.bidId);
	if (target.tenderId) return findTenderOwner(db, target.tenderId);
	return null;
}

const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A size in French binary units with one decimal: « 2,0 Go », « 512,0 Mo », « 3,5 ko ». */
export function formatStorageSize(bytes: number): string {
	if (bytes >= 1024 ** 3) return `${ONE_DECIMAL.format(bytes / 1024 ** 3)} Go`;
	if (bytes >= 1024 ** 2) return `${ONE_DECIMAL.format(bytes / 1024 ** 2)} Mo`;
	return `${ONE_DECIMAL.format(bytes / 1024)} ko`;
}

/**
 * Throws DomainError('storage_full', 413) with a French message naming the organisation and the
 * figures when storing `extraBytes` more would take `organisationId` past its quota. With
 * `options.field`, the message is also given as that form field's error (upload forms).
 */
export async function assertStorageAvailable(
	ctx: Pick<AppContext, 'db' | 'config'>,
	organisationId: string,
	extraBytes: number,
	options: { field?: string } = {}
): Promise<void> {
	const quota = ctx.config.orgStorageQuotaBytes;
	const used = await storageUsedBy(ctx.db, organisationId);
	if (used + Math.max(0, extraBytes) <= quota) return;
	const name = (await findOrganisationName(ctx.db, organisationId)) ?? 'cette organisation';
	const figures = `${formatStorageSize(used)} utilisés sur ${formatStorageSize(quota)}`;
	const message =
		used >= quota
			? `L’espace de stockage de ${name} est plein (${figures}). Contactez l’administrateur de l’instance pour l’agrandir.`
			: `L’espace de stockage de ${name} ne suffit pas : ${figures}, et il faudrait ${formatStorageSize(extraBytes)} de plus. Contactez l’administrateur de l’instance pour l’agrandir.`;
	throw new DomainError('storage_full', message, options.field ? { [options.field]: message } : {});
}
