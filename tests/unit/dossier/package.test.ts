import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDepositPackage, MANIFEST_NAME, safeFileName } from '../../../src/lib/server/dossier/package';

const WHEN = new Date('2026-12-01T10:00:00Z');
const LIMITS = { maxFileBytes: 1024 * 1024, maxTotalBytes: 3 * 1024 * 1024 };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('the deposit package', () => {
	it('names files so every platform takes them: ASCII, no forbidden characters, short, extension kept', () => {
		expect(safeFileName('Mémoire technique — Lot n°2 : « Site & contenus ».pdf')).toBe('Memoire-technique-Lot-n-2-Site-contenus.pdf');
		expect(safeFileName('Kbis  SCOP*ŒUVRE?<>|.PDF')).toBe('Kbis-SCOP-OEUVRE.PDF');
		expect(safeFileName('..\\..\\etc/passwd')).toBe('etc-passwd');
		expect(safeFileName('.pdf')).toBe('pdf');
		const long = safeFileName(`${'attestation-assurance-responsabilite-civile-'.repeat(4)}.docx`);
		expect(long.length).toBeLessThanOrEqual(60);
		expect(long.endsWith('.docx')).toBe(true);
	});

	it('lays out candidature and offer per lot, with a manifest whose digests match the files', () => {
		const pkg = buildDepositPackage(
			{
				candidature: [
					{ name: 'DC1.pdf', bytes: bytes('dc1') },
					{ name: 'DC2 – CAE GAMMA.pdf', bytes: bytes('dc2 gamma') },
					{ name: 'DC2 – CAE GAMMA.pdf', bytes: bytes('dc2 gamma bis') }
				],
				lots: [
					{ number: 2, files: [{ name: 'ATTRI1 lot 2.pdf', bytes: bytes('attri1-2') }] },
					{ number: 1, files: [{ name: 'Mémoire lot 1.docx', bytes: bytes('memoire-1') }] }
				]
			},
			LIMITS,
			WHEN
		);
		const unpacked = unzipSync(pkg.bytes);
		expect(Object.keys(unpacked)).toEqual([
			'1-Candidature/DC1.pdf',
			'1-Candidature/DC2-CAE-GAMMA.pdf',
			'1-Candidature/DC2-CAE-GAMMA-2.pdf',
			'2-Offre/Lot-1/Memoire-lot-1.docx',
			'2-Offre/Lot-2/ATTRI1-lot-2.pdf',
			MANIFEST_NAME
		]);
		const manifest = new TextDecoder().decode(unpacked[MANIFEST_NAME]);
		for (const line of manifest.trim().split('\n')) {
			const [digest, path] = line.split('  ');
			expect(createHash('sha256').update(unpacked[path!]!).digest('hex')).toBe(digest);
		}
		expect(manifest.trim().split('\n')).toHaveLength(5);
		expect(pkg.warnings).toEqual([]);
	});

	it('is deterministic: the same files at the same instant give the same bytes', () => {
		const input = { candidature: [{ name: 'DC1.pdf', bytes: bytes('dc1') }], lots: [] };
		expect(buildDepositPackage(input, LIMITS, WHEN).bytes).toEqual(buildDepositPackage(input, LIMITS, WHEN).bytes);
	});

	it('warns in French when a file or the whole deposit passes the platform’s limits, and keeps every file', () => {
		const big = new Uint8Array(1.5 * 1024 * 1024);
		const pkg = buildDepositPackage(
			{ candidature: [], lots: [{ number: 1, files: [1, 2, 3].map((n) => ({ name: `annexe-${n}.pdf`, bytes: big })) }] },
			LIMITS,
			WHEN
		);
		expect(pkg.files).toHaveLength(3);
		expect(pkg.warnings).toHaveLength(4);
		expect(pkg.warnings[0]).toBe('« 2-Offre/Lot-1/annexe-1.pdf » pèse 1,5 Mo : la plateforme accepte 1 Mo par fichier.');
		expect(pkg.warnings[3]).toBe('Le dépôt pèse 4,5 Mo : la plateforme accepte 3 Mo en tout.');
	});
});
