/**
 * Adding an image to a section (issue 15, item 1): whoever may type in the section (the room
 * policy the collaboration server applies, `resolveRoomAccess`) uploads a picture; the server
 * checks its type from the bytes and makes the displayed picture (files/image-processing.ts:
 * resized, upright, metadata stripped, PNG or JPEG), stores it and the file as uploaded as two
 * files of the bid (counted in the organisation's storage quota, both or neither), and answers
 * the displayed picture's id and size. The section's document then refers to the picture by this
 * id only (`image` node, attribute `fileId`); it is downloaded through `/fichiers/<id>`, for bid
 * members only. Not logged in the activity: adding a picture is an edit of the text, like typing.
 */
import type { AppContext } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import type { Actor } from '../policies/actor';
import { authorizeBid } from '../bids/bid-access';
import { resolveRoomAccess } from '../collab/access';
import { assertStorageAvailable, fileOwner } from '../quota/storage';
import { discardStoredBytes, sanitizeFileName, storeBytes } from '../files/storage';
import { ImageRefused, MAX_IMAGE_BYTES, processImage, sniffImageType } from '../files/image-processing';
import { stripInvisibleControls } from '../validation';
import { findSection } from './sections.repository';
import { insertSectionImage } from './images.repository';
import { sectionRoom } from './state';

type Ctx = Pick<AppContext, 'db' | 'now' | 'config'>;

/** The form field the image is sent under, where its refusals are said. */
export const IMAGE_FIELD = 'file';
export const IMAGE_ALT_MAX = 1000;
export const IMAGE_CAPTION_MAX = 500;

export interface UploadedImage {
	id: string;
	width: number;
	height: number;
	alt: string;
	caption: string;
}

const MIMES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' } as const;

function textField(value: unknown, max: number, label: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'string') throw invalid({ [label]: `${label} : texte attendu.` });
	const text = stripInvisibleControls(value)
		// eslint-disable-next-line no-control-regex -- control characters are what is removed
		.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
		.trim();
	if ([...text].length > max) throw invalid({ [label]: `${label} : ${max} caractères au plus.` });
	return text;
}

/** Stores `file` as an image of the section and answers the displayed picture's id and size. */
export async function uploadSectionImage(
	ctx: Ctx,
	actor: Actor,
	bidId: string,
	sectionId: string,
	form: { file: unknown; alt?: unknown; caption?: unknown }
): Promise<UploadedImage> {
	await authorizeBid(ctx, actor, bidId, 'view');
	const section = await findSection(ctx.db, bidId, sectionId);
	if (!section) throw notFound();
	if ((await resolveRoomAccess(ctx.db, actor.id, sectionRoom(sectionId), ctx.now())) !== 'write')
		throw new DomainError('forbidden', 'Cette section est en lecture seule pour vous : aucune image ne peut y être ajoutée.');
	const alt = textField(form.alt, IMAGE_ALT_MAX, 'Description');
	const caption = textField(form.caption, IMAGE_CAPTION_MAX, 'Légende');
	const file = form.file;
	if (!(file instanceof File) || file.size === 0) throw invalid({ [IMAGE_FIELD]: 'Image : choisissez un fichier image non vide.' });
	if (file.size > MAX_IMAGE_BYTES)
		throw invalid({ [IMAGE_FIELD]: `Image trop volumineuse : ${Math.ceil(file.size / 1024 / 1024)} Mo, le maximum est 15 Mo.` });

	const bytes = new Uint8Array(await file.arrayBuffer());
	const type = sniffImageType(bytes);
	let shown;
	try {
		shown = await processImage(bytes);
	} catch (e) {
		if (e instanceof ImageRefused) throw invalid({ [IMAGE_FIELD]: e.message }, e.message);
		throw e;
	}

	const owner = await fileOwner(ctx.db, { bidId });
	const total = bytes.length + shown.bytes.length;
	if (owner) await assertStorageAvailable(ctx, owner, total, { field: IMAGE_FIELD });
	const name = sanitizeFileName(file.name || 'image', ctx.config.fileNameMaxChars);
	const stem = name.replace(/\.[^.]*$/, '') || 'image';
	const written: string[] = [];
	const now = ctx.now();
	try {
		return await ctx.db.transaction().execute(async (trx) => {
			const tctx = { ...ctx, db: trx };
			// Checked again with the rows: uploads in flight at the same time cannot both pass it.
			if (owner) await assertStorageAvailable(tctx, owner, total, { field: IMAGE_FIELD });
			const original = await storeBytes(tctx, bytes, {
				name,
				mime: MIMES[type!],
				kind: 'image-original',
				bidId,
				uploadedBy: actor.id
			});
			written.push(original.id);
			const displayed = await storeBytes(tctx, shown.bytes, {
				name: `${stem}.${shown.type}`,
				mime: shown.type === 'png' ? 'image/png' : 'image/jpeg',
				kind: 'image',
				bidId,
				uploadedBy: actor.id
			});
			written.push(displayed.id);
			await insertSectionImage(trx, {
				fileId: displayed.id,
				originalFileId: original.id,
				bidId,
				sectionId,
				width: shown.width,
				height: shown.height,
				createdAt: now
			});
			return { id: displayed.id, width: shown.width, height: shown.height, alt, caption };
		});
	} catch (e) {
		for (const id of written) discardStoredBytes(ctx, id);
		throw e;
	}
}
