/**
 * The deposit package: one ZIP per submission, laid out as French buyers' platforms expect —
 * `1-Candidature/` (DC1, DC2 per member, powers, Kbis…), `2-Offre/Lot-N/` (ATTRI1, mémoire,
 * price schedule, annexes) — with a manifest of every file and its SHA-256 (the same digests as
 * the frozen record), short ASCII-safe names, and deterministic bytes (same files, same instant →
 * same archive). Platforms cap file sizes: each file and the total are checked against limits and
 * reported as warnings in French; nothing is silently dropped.
 */
import { zipSync, type Zippable } from 'fflate';
import { sha256Hex } from '../exports/hash';
import { normalizeZipTimestamps } from '../exports/zip';

export interface PackageFile {
	name: string;
	bytes: Uint8Array;
}

export interface PackageInput {
	candidature: PackageFile[];
	lots: Array<{ number: number; files: PackageFile[] }>;
}

export interface PackageLimits {
	/** Largest file a platform accepts, in bytes. */
	maxFileBytes: number;
	/** Largest whole deposit, in bytes. */
	maxTotalBytes: number;
}

export interface PackagedFile {
	path: string;
	size: number;
	sha256: string;
}

export interface DepositPackage {
	bytes: Uint8Array;
	files: PackagedFile[];
	manifest: string;
	warnings: string[];
}

export const MANIFEST_NAME = 'manifeste-sha256.txt';
/** Platforms refuse long names; 60 characters keep a path under 100 with its folders. */
const MAX_NAME_CHARS = 60;

/**
 * A file name every platform accepts: no accents, no spaces or characters Windows or the
 * platforms forbid (`\ / : * ? " < > |`, control characters, leading dots), short, extension kept.
 */
export function safeFileName(name: string, max = MAX_NAME_CHARS): string {
	const ascii = name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[œŒ]/g, (c) => (c === 'œ' ? 'oe' : 'OE'))
		.replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'))
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '');
	const dot = ascii.lastIndexOf('.');
	const ext = dot > 0 && ascii.length - dot <= 6 ? ascii.slice(dot) : '';
	const stem = (ext ? ascii.slice(0, dot) : ascii).replace(/[-.]+$/g, '') || 'fichier';
	return stem.slice(0, Math.max(1, max - ext.length)).replace(/[-.]+$/g, '') + ext;
}

/** Gives each name in a folder a unique spelling, case-insensitively (« DC2.pdf », « DC2-2.pdf »). */
function unique(names: string[]): string[] {
	const seen = new Set<string>();
	return names.map((name) => {
		let candidate = name;
		const dot = name.lastIndexOf('.');
		for (let n = 2; seen.has(candidate.toLowerCase()); n++)
			candidate = dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
		seen.add(candidate.toLowerCase());
		return candidate;
	});
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** Lays out, names, hashes and zips the deposit. */
export function buildDepositPackage(input: PackageInput, limits: PackageLimits, when: Date): DepositPackage {
	const folders: Array<{ folder: string; files: PackageFile[] }> = [
		{ folder: '1-Candidature', files: input.candidature },
		...[...input.lots].sort((a, b) => a.number - b.number).map((lot) => ({ folder: `2-Offre/Lot-${lot.number}`, files: lot.files }))
	];
	const entries: Array<{ path: string; bytes: Uint8Array }> = [];
	for (const { folder, files } of folders) {
		const names = unique(files.map((f) => safeFileName(f.name)));
		files.forEach((file, i) => entries.push({ path: `${folder}/${names[i]}`, bytes: file.bytes }));
	}
	const files = entries.map((e) => ({ path: e.path, size: e.bytes.length, sha256: sha256Hex(e.bytes) }));
	// The sha256sum format, so `sha256sum -c manifeste-sha256.txt` checks the unpacked folder.
	const manifest = files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
	const warnings: string[] = [];
	for (const f of files)
		if (f.size > limits.maxFileBytes)
			warnings.push(`« ${f.path} » pèse ${megabytes(f.size)} : la plateforme accepte ${megabytes(limits.maxFileBytes)} par fichier.`);
	const total = files.reduce((sum, f) => sum + f.size, 0);
	if (total > limits.maxTotalBytes)
		warnings.push(`Le dépôt pèse ${megabytes(total)} : la plateforme accepte ${megabytes(limits.maxTotalBytes)} en tout.`);
	const zippable: Zippable = {};
	for (const e of entries) zippable[e.path] = [e.bytes, { mtime: when }];
	zippable[MANIFEST_NAME] = [new TextEncoder().encode(manifest), { mtime: when }];
	// fflate stamps local time; the stamp is rewritten in UTC so the bytes do not depend on the server's zone.
	return { bytes: normalizeZipTimestamps(zipSync(zippable, { level: 6 }), when), files, manifest, warnings };
}
