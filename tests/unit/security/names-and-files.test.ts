/**
 * Names people and files are shown by, against the built server: bidi controls and zero-width
 * characters (which make `facture\u202Efdp.zip` read « facturepiz.pdf ») are not kept in person
 * names, organisation names or uploaded file names; a very long file name keeps its extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { startServer, type RunningServer } from '../../support/server';
import { HttpSession } from '../../support/http-session';
import { makeSiret } from '../../support/siret';

const PASSWORD = 'une phrase de passe solide';
/** Every character the server must not keep in a name. */
const INVISIBLE = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u200B\u200C\u200D\u2060\uFEFF';
const INVISIBLE_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/;

let server: RunningServer;
let dir: string;
let anne: HttpSession;
let tenderId: string;

const PDF = strToU8('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ZIP = zipSync({ 'lisez-moi.txt': strToU8('bonjour') });

function dayInParis(days: number): string {
	const d = new Date(Date.now() + days * 86_400_000);
	return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}T12:00`;
}

async function upload(name: string, bytes: Uint8Array): Promise<Response> {
	const form = new FormData();
	form.append('file', new Blob([bytes.slice()]), name);
	return anne.post(`/appels-d-offres/${tenderId}?/upload`, form);
}

/** The tender page's DCE list: [file id, shown name] per file. */
async function shownFiles(): Promise<Array<[string, string]>> {
	const html = await (await anne.get(`/appels-d-offres/${tenderId}`)).text();
	return [...html.matchAll(/<a href="\/fichiers\/([a-z2-7]+)" download[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1]!, m[2]!]);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cotrait-names-'));
	server = await startServer({ DATABASE_PATH: join(dir, 'db.sqlite'), DATA_DIR: join(dir, 'files'), SIGNUP_LIMIT_PER_IP: '1000' });
	anne = new HttpSession(server.url);
	await anne.signUp(`Anne\u202E Martin${INVISIBLE}`, `anne-${Date.now()}@test.example`, PASSWORD);
});

afterAll(async () => {
	server?.child.kill('SIGTERM');
	await server?.exited;
	rmSync(dir, { recursive: true, force: true });
});

describe('display names', () => {
	it('sign-up keeps the name without bidi controls or zero-width characters', async () => {
		const html = await (await anne.get('/profil')).text();
		expect(html).toContain('value="Anne Martin"');
		expect(html).not.toMatch(INVISIBLE_RE);
	});

	it('a name made only of invisible characters is refused as empty', async () => {
		const res = await new HttpSession(server.url).post('/inscription', {
			name: INVISIBLE,
			email: `vide-${Date.now()}@test.example`,
			password: PASSWORD
		});
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Nom : ce champ est obligatoire.');
	});

	it('the profile form strips them too', async () => {
		const res = await anne.post('/profil?/profile', {
			name: `Anne\u2067 Martin\u2069\u200F`,
			trade: '',
			skills: '',
			department: '',
			region: '',
			bio: ''
		});
		expect(res.status).toBe(200);
		const html = await (await anne.get('/profil')).text();
		expect(html).toContain('value="Anne Martin"');
		expect(html).not.toMatch(INVISIBLE_RE);
	});

	it('so does the organisation form', async () => {
		const res = await anne.post('/organisation?/create', {
			name: `CAE \u202EAMMAG${INVISIBLE}`,
			kind: 'cae',
			siret: makeSiret(Date.now() % 100000),
			rate: '11',
			region: ''
		});
		expect(res.status).toBe(303);
		const html = await (await anne.get('/organisation')).text();
		expect(html).toContain('CAE AMMAG');
		expect(html).not.toMatch(INVISIBLE_RE);
	});
});

describe('uploaded file names', () => {
	beforeAll(async () => {
		const res = await anne.post('/appels-d-offres/nouveau', {
			buyer: 'Mairie de Guéret',
			reference: '2026-GUE-01',
			title: 'Signalétique',
			procedure: 'mapa',
			dlro: dayInParis(20)
		});
		expect(res.status).toBe(303);
		tenderId = res.headers.get('location')!.split('/').pop()!;
	});

	it('bidi controls and zero-width characters are removed from the shown and downloaded name', async () => {
		const res = await upload(`facture\u202Efdp${INVISIBLE}.zip`, ZIP);
		expect(res.status).toBe(200);
		const files = await shownFiles();
		expect(files.map(([, name]) => name)).toContain('facturefdp.zip');
		const html = await (await anne.get(`/appels-d-offres/${tenderId}`)).text();
		expect(html).not.toMatch(INVISIBLE_RE);
		const [id] = files.find(([, name]) => name === 'facturefdp.zip')!;
		const download = await anne.get(`/fichiers/${id}`);
		expect(download.status).toBe(200);
		expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''facturefdp.zip");
	});

	it('a 10 000-character name is shortened to 180 characters and keeps its extension', async () => {
		const before = (await shownFiles()).length;
		const res = await upload(`${'compte-rendu-'.repeat(800)}.pdf`, PDF);
		expect(res.status).toBe(200);
		const files = await shownFiles();
		expect(files).toHaveLength(before + 1);
		const name = files.map(([, n]) => n).find((n) => n.startsWith('compte-rendu-'))!;
		expect([...name].length).toBeLessThanOrEqual(180);
		expect([...name].length).toBeGreaterThan(170);
		expect(name.endsWith('.pdf')).toBe(true);
	});

	it('shortening never splits a character in two', async () => {
		const res = await upload(`${'😀'.repeat(500)}.pdf`, PDF);
		expect(res.status).toBe(200);
		const name = (await shownFiles()).map(([, n]) => n).find((n) => n.startsWith('😀'))!;
		expect(name).toBe(`${'😀'.repeat(176)}.pdf`);
	});
});
