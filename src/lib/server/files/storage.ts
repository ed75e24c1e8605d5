/**
 * File storage, a step below the use cases (which authorize before they call it). Uploaded
 * files (DCE, pieces, receipts, the group's logo) and generated exports: stored on disk under
 * DATA_DIR with a SHA-256, type checked by content (magic bytes and, for Office/OpenDocument, the
 * zip's entries; PNG and JPEG for a logo only), and counted against the storage quota of the
 * organisation they belong to (quota/storage.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context';
import type { DB } from '../db/index';
import { invalid, notFound } from '../errors';
import { newId } from '../ids';
import { stripInvisibleControls } from '../validation';
import { assertStorageAvailable, fileOwner } from '../quota/storage';
import { insertFile } from './files.repository';
import { readImageSize } from './image-size';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** The group's logo (kind 'logo'): a small picture for the mémoire's cover. */
export const MAX_LOGO_BYTES = 1024 * 1024;

export type FileType = 'pdf' | 'docx' | 'xlsx' | 'odt' | 'zip' | 'png' | 'jpg';

export const FILE_TYPES: Record<FileType, { mime: string; ext: string[] }> = {
	pdf: { mime: 'application/pdf', ext: ['pdf'] },
	docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: ['docx'] },
	xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: ['xlsx'] },
	odt: { mime: 'application/vnd.oasis.opendocument.text', ext: ['odt'] },
	zip: { mime: 'application/zip', ext: ['zip'] },
	png: { mime: 'image/png', ext: ['png'] },
	jpg: { mime: 'image/jpeg', ext: ['jpg', 'jpeg'] }
};

/** The types a logo may have: served inline by the download route, so a browser shows them. */
export const IMAGE_MIMES: readonly string[] = [FILE_TYPES.png.mime, FILE_TYPES.jpg.mime];

/** Detects the real type of a document from the bytes; null when not one of the accepted types (never an image). */
export function sniffType(bytes: Uint8Array): FileType | null {
	const head = Buffer.from(bytes.subarray(0, 8));
	if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
	const isZip = head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
	if (!isZip) return null;
	// Local file headers carry names in clear: look for the markers of each format.
	const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 256 * 1024))).toString('latin1');
	if (text.startsWith('mimetypeapplication/vnd.oasis.opendocument.text', 30)) return 'odt';
	if (text.includes('word/document.xml') || (text.includes('[Content_Types].xml') && text.includes('word/'))) return 'docx';
	if (text.includes('xl/workbook.xml') || (text.includes('[Content_Types].xml') && text.includes('xl/'))) return 'xlsx';
	return 'zip';
}

/** Longest extension kept whole when a name is shortened (`.pdf`, `.docx`: a few characters). */
const EXTENSION_MAX_CHARS = 16;

/**
 * The name a file is shown and downloaded under: last path segment, no control characters or
 * characters Windows refuses, no bidi controls or zero-width characters (`facture\u202Efdp.zip`
 * would read « facturepiz.pdf »), at most `maxChars` characters (code points, never half of
 * one), shortened before the extension so the type check and the download keep it.
 */
export function sanitizeFileName(name: string, maxChars: number): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const clean = stripInvisibleControls(base)
		// eslint-disable-next-line no-control-regex -- control characters are what is replaced
		.replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?]/g, '_')
		.trim();
	const chars = [...clean];
	if (chars.length <= maxChars) return clean || 'fichier';
	const dot = clean.lastIndexOf('.');
	const ext = dot > 0 ? [...clean.slice(dot)] : [];
	if (ext.length === 0 || ext.length > EXTENSION_MAX_CHARS) return chars.slice(0, maxChars).join('').trim() || 'fichier';
	const stem = [...clean.slice(0, dot)]
		.slice(0, maxChars - ext.length)
		.join('')
		.trimEnd();
	return (stem || 'fichier') + ext.join('');
}

/** A file's name as a refusal quotes it: sanitized and short. */
function shownName(name: string): string {
	return sanitizeFileName(name, 60);
}

export interface StoredFile {
	id: string;
	sha256: string;
	size: number;
	mime: string;
	name: string;
}

/**
 * Validates and stores a file; throws field errors under `field`, including the French message
 * of a full storage quota (DomainError 'storage_full', 413). Nothing is kept on refusal: the
 * quota is checked before the bytes are written and again in the transaction that records the
 * file (uploads in flight at the same time cannot both pass it), whose failure removes them.
 */
export async function storeUpload(
	ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
	file: File,
	meta: { field: string; kind: string; tenderId?: string | null; bidId?: string | null; uploadedBy: string }
): Promise<StoredFile> {
	const logo = meta.kind === 'logo';
	if (!file || file.size === 0) throw invalid({ [meta.field]: 'Fichier : choisissez un fichier non vide.' });
	if (logo && file.size > MAX_LOGO_BYTES)
		throw invalid({ [meta.field]: `Logo : « ${shownName(file.name)} » dépasse 1 Mo, le maximum pour un logo.` });
	if (file.size > MAX_FILE_BYTES)
		throw invalid({ [meta.field]: `Fichier : ${Math.ceil(file.size / 1024 / 1024)} Mo, le maximum est 50 Mo.` });
	const owner = await fileOwner(ctx.db, { bidId: meta.bidId, tenderId: meta.tenderId });
	if (owner) await assertStorageAvailable(ctx, owner, file.size, { field: meta.field });
	const bytes = new Uint8Array(await file.arrayBuffer());
	const name = sanitizeFileName(file.name, ctx.config.fileNameMaxChars);
	const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
	const type = logo ? (readImageSize(bytes)?.type ?? null) : sniffType(bytes);
	if (!type)
		throw invalid({
			[meta.field]: logo
				? `Logo : « ${shownName(file.name)} » refusé, seuls les PNG et JPEG sont acceptés (le contenu ne correspond à aucun de ces formats).`
				: 'Fichier : seuls les PDF, DOCX, XLSX, ODT et ZIP sont acceptés (le contenu ne correspond à aucun de ces formats).'
		});
	if (!FILE_TYPES[type].ext.includes(ext)) {
		throw invalid({
			[meta.field]: `Fichier : le contenu est un ${type === 'jpg' ? 'JPEG' : type.toUpperCase()} mais le nom se termine par « .${ext || '?'} ». Renommez-le correctement.`
		});
	}
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const id = newId();
	const dir = join(ctx.config.dataDir, 'uploads');
	mkdirSync(dir, { recursive: true });
	const tmp = join(dir, `${id}.part`);
	const path = join(dir, id);
	writeFileSync(tmp, bytes);
	renameSync(tmp, path);
	try {
		await inTransaction(ctx.db, async (trx) => {
			if (owner) await assertStorageAvailable({ ...ctx, db: trx }, owner, bytes.length, { field: meta.field });
			await insertFile(trx, {
				id,
				tenderId: meta.tenderId ?? null,
				bidId: meta.bidId ?? null,
				kind: meta.kind,
				name,
				mime: FILE_TYPES[type].mime,
				size: bytes.length,
				sha256,
				storedName: id,
				uploadedBy: meta.uploadedBy,
				createdAt: ctx.now()
			});
		});
	} catch (e) {
		rmSync(path, { force: true });
		throw e;
	}
	return { id, sha256, size: bytes.length, mime: FILE_TYPES[type].mime, name };
}

/** Runs `fn` in a transaction, or in the caller's when `db` already is one. */
function inTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
	return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export function readStoredFile(ctx: Pick<AppContext, 'config'>, storedName: string): Buffer {
	const path = join(ctx.config.dataDir, 'uploads', storedName);
	if (!/^[a-z2-7]+$/.test(storedName) || !existsSync(path)) throw notFound();
	return readFileSync(path);
}

/** Removes a stored file's bytes, once its row is gone; a file already missing is no error. */
export function discardStoredBytes(ctx: Pick<AppContext, 'config'>, storedName: string): void {
	if (/^[a-z2-7]+$/.test(storedName)) rmSync(join(ctx.config.dataDir, 'uploads', storedName), { force: true });
}

/** Stores generated bytes (exports) with their SHA-256; same layout as uploads. */
export async function storeBytes(
	ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
	bytes: Uint8Array,
	meta: { name: string; mime: string; kind: string; bidId: string; uploadedBy: string }
): Promise<StoredFile> {
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const id = newId();
	const dir = join(ctx.config.dataDir, 'uploads');
	mkdirSync(dir, { recursive: true });
	const tmp = join(dir, `${id}.part`);
	writeFileSync(tmp, bytes);
	renameSync(tmp, join(dir, id));
	await insertFile(ctx.db, {
		id,
		tenderId: null,
		bidId: meta.bidId,
		kind: meta.kind,
		name: meta.name,
		mime: meta.mime,
		size: bytes.length,
		sha256,
		storedName: id,
		uploadedBy: meta.uploadedBy,
		createdAt: ctx.now()
	});
	return { id, sha256, size: bytes.length, mime: meta.mime, name: meta.name };
}
