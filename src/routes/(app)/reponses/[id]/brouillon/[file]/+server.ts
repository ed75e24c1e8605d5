import { error } from '@sveltejs/kit';
import { authorizeBid } from '$lib/server/bids/bid-access';
import { generateForms, loadCoverDetails } from '$lib/server/dossier/forms-facts';
import { generateExports } from '$lib/server/submission/exports';
import { guardLoad, requireUser } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** A buyer's form (`DC1.pdf`, `DC2-CAE-GAMMA-Lot-1.docx`, `ATTRI1-Lot-2.pdf`), rendered alone. */
async function formDraft(event: Parameters<RequestHandler>[0]): Promise<Response> {
	const { ctx, actor } = await requireUser(event);
	const name = `BROUILLON-${event.params.file}`;
	const [file] = await guardLoad(() => generateForms(ctx, actor, event.params.id, { draft: true, wanted: (f) => f.name === name }));
	if (!file) error(404, 'Page introuvable');
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.mime,
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-sha256': file.sha256,
			'cache-control': 'private, no-store'
		}
	});
}

/**
 * Draft exports, generated on demand and marked « BROUILLON »: `memoire-lot-<n>.docx|pdf`,
 * `annexe.docx|pdf`, and the forms (DC1, DC2, ATTRI1, named as the « Dépôt » tab lists them).
 * Once submitted, the stored files of the record are served instead.
 */
export const GET: RequestHandler = async (event) => {
	if (/^(DC1|DC2-[A-Za-z0-9._-]{1,70}|ATTRI1-Lot-\d{1,3})\.(docx|pdf)$/.test(event.params.file)) return formDraft(event);
	const { ctx, actor } = await requireUser(event);
	const m = /^(memoire-lot-(\d{1,3})|annexe)\.(docx|pdf)$/.exec(event.params.file);
	if (!m) error(404, 'Page introuvable');
	const files = await guardLoad(async () => {
		const access = await authorizeBid(ctx, actor, event.params.id, 'view');
		const format = m[3] as 'docx' | 'pdf';
		const lotNumber = m[2] ? Number(m[2]) : null;
		// Only the file asked for: a mémoire at the size cap takes seconds to lay out.
		// The mémoire's cover names each member with its SIRET and contact.
		const cover = lotNumber !== null ? await loadCoverDetails(ctx, access.id) : undefined;
		return generateExports(ctx, access.id, {
			draft: true,
			at: ctx.now(),
			cover,
			wanted: (f) => f.format === format && (f.kind === 'annex' ? lotNumber === null : f.lotNumber === lotNumber)
		});
	});
	const wanted = m[2] ? `memoire-technique-lot-${m[2]}-` : 'annexe-repartition-';
	const file = files.find((f) => f.name.startsWith(`BROUILLON-${wanted}`) && f.name.endsWith(`.${m[3]}`));
	if (!file) error(404, 'Page introuvable');
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.mime,
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-sha256': file.sha256,
			'cache-control': 'private, no-store'
		}
	});
};
