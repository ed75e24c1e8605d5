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
 * Enforced on every upload (files.service `storeUpload`) and on versions taken by hand; the
 * collaboration server uses `roomOwner` and `storageUsedBy` to refuse document growth past it.
 * Generated files (the submission's exports) and versions taken by the workflow (validation,
 * submission) count but are never refused: a bid must stay submittable.
 *
 * Plain functions over `db` (or a transaction). `storageUsedBy` is one SQL statement of indexed
 * sums (migration 2026-11-30T0009-storage-quota).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { DomainError } from '../errors';

const ROOM = /^section\/(.+)$/;

/** Bytes stored for `organisationId`: files of its bids and tenders, co-written documents and versions of its bids. */
export async function storageUsedBy(db: DB, organisationId: string): Promise<number> {
	const org = organisationId;
	const { rows } = await sql<{ used: number | bigint | null }>`
		select
			(select coalesce(sum(f.size), 0)
				from bids b join files f on f.bid_id = b.id
				where b.mandataire_org_id = ${org})
			+ (select coalesce(sum(f.size), 0)
				from memberships m join tenders t on t.created_by = m.user_id join files f on f.tender_id = t.id and f.bid_id is null
				where m.organisation_id = ${org})
			+ (select coalesce(sum(length(u.data)), 0)
				from bids b join sections s on s.bid_id = b.id join collab_updates u on u.room = 'section/' || s.id
				where b.mandataire_org_id = ${org})
			+ (select coalesce(sum(length(c.state)), 0)
				from bids b join sections s on s.bid_id = b.id join collab_snapshots c on c.room = 'section/' || s.id
				where b.mandataire_org_id = ${org})
			+ (select coalesce(sum(length(v.state) + octet_length(v.html)), 0)
				from bids b join sections s on s.bid_id = b.id join section_versions v on v.section_id = s.id
				where b.mandataire_org_id = ${org})
			as used`.execute(db);
	return Number(rows[0]?.used ?? 0);
}

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
	const row = await db
		.selectFrom('sections')
		.innerJoin('bids', 'bids.id', 'sections.bid_id')
		.select('bids.mandataire_org_id')
		.where('sections.id', '=', sectionId)
		.executeTakeFirst();
	return row?.mandataire_org_id ?? null;
}

/**
 * The organisation a new file counts against: the bid's mandataire for a bid's file, the
 * organisation of the tender's creator for a tender's file. Null when neither is found.
 */
export async function fileOwner(db: DB, target: { bidId?: string | null; tenderId?: string | null }): Promise<string | null> {
	if (target.bidId) {
		const bid = await db.selectFrom('bids').select('mandataire_org_id').where('id', '=', target.bidId).executeTakeFirst();
		return bid?.mandataire_org_id ?? null;
	}
	if (target.tenderId) {
		const owner = await db
			.selectFrom('tenders')
			.innerJoin('memberships', 'memberships.user_id', 'tenders.created_by')
			.select('memberships.organisation_id')
			.where('tenders.id', '=', target.tenderId)
			.executeTakeFirst();
		return owner?.organisation_id ?? null;
	}
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
	const org = await ctx.db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
	const name = org?.name ?? 'cette organisation';
	const figures = `${formatStorageSize(used)} utilisés sur ${formatStorageSize(quota)}`;
	const message =
		used >= quota
			? `L’espace de stockage de ${name} est plein (${figures}). Contactez l’administrateur de l’instance pour l’agrandir.`
			: `L’espace de stockage de ${name} ne suffit pas : ${figures}, et il faudrait ${formatStorageSize(extraBytes)} de plus. Contactez l’administrateur de l’instance pour l’agrandir.`;
	throw new DomainError('storage_full', message, options.field ? { [options.field]: message } : {});
}
