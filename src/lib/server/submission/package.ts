/**
 * The deposit set of a submission and its ZIP (issue 14): what the buyer receives, laid out as
 * platforms expect — the candidature (DC1, each DC2, the pieces uploaded for the group or a
 * member) and, per lot, the offer (ATTRI1, the mémoire, the buyer's price schedule filled in, the
 * buyer-facing breakdown, the pieces uploaded for that lot). The internal split (people's nets,
 * contributions, fees) is never part of it. A step below the submission use case: no
 * authorization here.
 */
import type { AppContext } from '../context';
import { readStoredFile } from '../files/storage';
import { buildDepositPackage, type DepositPackage, type PackageFile } from '../dossier/package';
import { listUploadedPieces } from './submission.repository';

/** A generated file of the deposit set and where it goes. */
export interface DepositFile {
	name: string;
	mime: string;
	bytes: Uint8Array;
	/** 'candidature', or the number of the lot whose offer it belongs to. */
	place: 'candidature' | number;
}

/** Platform limits, in bytes: PLACE and most regional platforms refuse larger files. */
export const DEPOSIT_LIMITS = { maxFileBytes: 100 * 1024 * 1024, maxTotalBytes: 500 * 1024 * 1024 };

/** The pieces the group uploaded, placed by their scope: group and member pieces in the candidature, lot pieces in the lot's offer. */
export async function uploadedPieces(ctx: Pick<AppContext, 'db' | 'config'>, bidId: string): Promise<DepositFile[]> {
	const rows = await listUploadedPieces(ctx.db, bidId);
	return rows.map((p) => {
		const who = p.organisationName ? `${p.organisationName}-` : '';
		const dot = p.fileName.lastIndexOf('.');
		const ext = dot > 0 ? p.fileName.slice(dot) : '';
		const label = p.label.split(/[—(]/)[0]!.trim();
		const place: DepositFile['place'] = p.scope === 'lot' && p.lotNumber !== null ? p.lotNumber : 'candidature';
		const lot = p.scope === 'member_lot' && p.lotNumber !== null ? `-Lot-${p.lotNumber}` : '';
		return { name: `${who}${label}${lot}${ext}`, mime: '', bytes: new Uint8Array(readStoredFile(ctx, p.storedName)), place };
	});
}

/**
 * The deposit ZIP of these files, deterministic for a given instant, and the path each file has
 * in it (`paths[i]` for `files[i]`: the record stores the files under those names).
 */
export function depositPackage(files: DepositFile[], when: number): DepositPackage & { paths: string[] } {
	const candidature: Array<{ index: number; file: PackageFile }> = [];
	const lots = new Map<number, Array<{ index: number; file: PackageFile }>>();
	files.forEach((f, index) => {
		const entry = { index, file: { name: f.name, bytes: f.bytes } };
		if (f.place === 'candidature') candidature.push(entry);
		else lots.set(f.place, [...(lots.get(f.place) ?? []), entry]);
	});
	const lotList = [...lots].sort(([a], [b]) => a - b);
	const pkg = buildDepositPackage(
		{
			candidature: candidature.map((e) => e.file),
			lots: lotList.map(([number, entries]) => ({ number, files: entries.map((e) => e.file) }))
		},
		DEPOSIT_LIMITS,
		new Date(when)
	);
	// The package lists the candidature, then each lot in number order, each in the given order.
	const order = [...candidature, ...lotList.flatMap(([, entries]) => entries)];
	const paths: string[] = new Array(files.length);
	order.forEach((e, k) => (paths[e.index] = pkg.files[k]!.path));
	return { ...pkg, paths };
}
