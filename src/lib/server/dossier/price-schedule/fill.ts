/**
 * Writes the group's prices into the buyer's own workbook and nothing else. A library that loads
 * and re-saves a workbook rewrites every part of it (shared strings renumbered, styles re-indexed,
 * charts and extensions it does not know dropped), and buyers' platforms and analysts compare what
 * comes back with what they sent. So this patches the original bytes: in the priced sheet's XML,
 * only the unit-price cells (and the amount cells the buyer left without a formula) of the mapped
 * rows change; the workbook is flagged to recompute its formulas on open; every other part of the
 * archive is copied as it was. Amount cells holding the buyer's formula keep it, with their cached
 * value updated so viewers that do not recompute still show the right figure.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { columnLetters, columnNumber, type ScheduleMapping } from './mapping';

export interface PricedRow {
	row: number;
	unitPriceCents: number;
	amountCents: number;
}

export class ScheduleFillError extends Error {}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function unescapeXml(text: string): string {
	return text
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | null {
	const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
	return match?.[1] !== undefined ? unescapeXml(match[1]) : null;
}

/** The archive path of a sheet's XML, from its name (workbook.xml → its relationships). */
export function sheetPath(files: Record<string, Uint8Array>, name: string): string {
	const workbook = strFromU8(files['xl/workbook.xml'] ?? new Uint8Array());
	const rels = strFromU8(files['xl/_rels/workbook.xml.rels'] ?? new Uint8Array());
	const sheetTag = [...workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map((m) => m[0]).find((tag) => attribute(tag, 'name') === name);
	if (!sheetTag) throw new ScheduleFillError(`La feuille « ${name} » n’existe pas dans ce classeur.`);
	const id = attribute(sheetTag, 'r:id') ?? attribute(sheetTag, '[\\w]+:id');
	const rel = [...rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)].map((m) => m[0]).find((tag) => attribute(tag, 'Id') === id);
	const target = rel ? attribute(rel, 'Target') : null;
	if (!target) throw new ScheduleFillError(`La feuille « ${name} » est introuvable dans le classeur.`);
	const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
	const normalised = path.split('/').reduce<string[]>((parts, part) => (part === '..' ? parts.slice(0, -1) : [...parts, part]), []);
	return normalised.join('/');
}

/** A number as SpreadsheetML stores it: plain decimal, no exponent for money. */
function euros(cents: number): string {
	return String(cents / 100);
}

interface CellPatch {
	column: number;
	/** Replace the cell's value with this number; a formula cell keeps its formula. */
	value: string;
	/** Only update a formula's cached value; never turn a formula into a constant. */
	formulaOnly?: boolean;
	/** Leave a cell holding a formula alone (the unit price of a row the buyer computes). */
	skipFormula?: boolean;
}

/** Rewrites one `<c>` element with a new numeric value, keeping its style and other attributes. */
function patchCell(cellXml: string, prefix: string, ref: string, patch: CellPatch): string {
	const open = /^<(?:\w+:)?c\b[^>]*?(\/?)>/.exec(cellXml);
	const attrs = open ? open[0].replace(/^<(?:\w+:)?c\b/, '').replace(/\/?>$/, '') : ` r="${ref}"`;
	const hasFormula = new RegExp(`<${prefix}f[\\s>/]`).test(cellXml);
	if (hasFormula) {
		if (patch.skipFormula) return cellXml;
		// Keep the formula; its cached value becomes ours (a number, so no string type).
		const keptAttrs = attrs.replace(/\st="[^"]*"/, '');
		const inner = cellXml.replace(/^<[^>]*>/, '').replace(new RegExp(`</${prefix}c>$`), '');
		const formula = new RegExp(`<${prefix}f\\b[^>]*/>|<${prefix}f\\b[^>]*>[\\s\\S]*?</${prefix}f>`).exec(inner)?.[0] ?? '';
		return `<${prefix}c${keptAttrs}>${formula}<${prefix}v>${patch.value}</${prefix}v></${prefix}c>`;
	}
	if (patch.formulaOnly) return cellXml;
	const keptAttrs = attrs.replace(/\st="[^"]*"/, '');
	return `<${prefix}c${keptAttrs}><${prefix}v>${patch.value}</${prefix}v></${prefix}c>`;
}

/** Applies patches to one `<row>` element; cells missing from the row are inserted in column order. */
function patchRow(rowXml: string, prefix: string, rowNumber: number, patches: CellPatch[]): string {
	const selfClosing = /\/>$/.test(rowXml) && !new RegExp(`</${prefix}row>$`).test(rowXml);
	let open = selfClosing ? rowXml.replace(/\/>$/, '>') : /^<[^>]*>/.exec(rowXml)![0];
	const body = selfClosing ? '' : rowXml.slice(open.length, rowXml.length - `</${prefix}row>`.length);
	const cellPattern = new RegExp(`<${prefix}c\\b[^>]*?/>|<${prefix}c\\b[^>]*?>[\\s\\S]*?</${prefix}c>`, 'g');
	const cells = [...body.matchAll(cellPattern)].map((m) => ({
		xml: m[0],
		column: columnNumber(/\sr="([A-Z]+)\d+"/.exec(m[0])?.[1] ?? '')
	}));
	if (cells.some((c) => c.column === 0))
		throw new ScheduleFillError('Ce classeur a des cellules sans référence : il ne peut pas être complété sans risque.');
	for (const patch of patches) {
		const ref = `${columnLetters(patch.column)}${rowNumber}`;
		const existing = cells.find((c) => c.column === patch.column);
		if (existing) existing.xml = patchCell(existing.xml, prefix, ref, patch);
		else if (!patch.formulaOnly) {
			const at = cells.findIndex((c) => c.column > patch.column);
			const fresh = { xml: `<${prefix}c r="${ref}"><${prefix}v>${patch.value}</${prefix}v></${prefix}c>`, column: patch.column };
			if (at < 0) cells.push(fresh);
			else cells.splice(at, 0, fresh);
		}
	}
	// The row's `spans` hint is optional; drop it when a cell was added outside it.
	const spans = /\sspans="(\d+):(\d+)"/.exec(open);
	if (spans && cells.some((c) => c.column < Number(spans[1]) || c.column > Number(spans[2]))) open = open.replace(spans[0], '');
	// Keep whatever sits between cells (extension elements) after the last cell, as it was.
	const rest = body.replace(cellPattern, '');
	return `${open}${cells.map((c) => c.xml).join('')}${rest}</${prefix}row>`;
}

/** Patches the priced rows of one sheet's XML. */
export function fillSheetXml(xml: string, mapping: ScheduleMapping, rows: PricedRow[]): string {
	const root = new RegExp(`<(\\w+:)?worksheet\\b[^>]*xmlns(?::(\\w+))?="${MAIN_NS}"`).exec(xml);
	if (!root) throw new ScheduleFillError('Cette feuille n’est pas une feuille de calcul.');
	const prefix = root[1] ?? '';
	const byRow = new Map(rows.map((r) => [r.row, r]));
	const priceColumn = columnNumber(mapping.unitPrice);
	const amountColumn = mapping.amount ? columnNumber(mapping.amount) : null;
	const seen = new Set<number>();
	const rowPattern = new RegExp(`<${prefix}row\\b[^>]*?/>|<${prefix}row\\b[^>]*?>[\\s\\S]*?</${prefix}row>`, 'g');
	const patched = xml.replace(rowPattern, (rowXml) => {
		const number = Number(/\sr="(\d+)"/.exec(rowXml)?.[1]);
		const priced = byRow.get(number);
		if (!priced) return rowXml;
		seen.add(number);
		const patches: CellPatch[] = [{ column: priceColumn, value: euros(priced.unitPriceCents), skipFormula: true }];
		if (amountColumn) patches.push({ column: amountColumn, value: euros(priced.amountCents) });
		return patchRow(rowXml, prefix, number, patches);
	});
	const missing = rows.filter((r) => !seen.has(r.row));
	const first = missing[0];
	if (first) throw new ScheduleFillError(`La ligne ${first.row} du bordereau n’existe plus dans la feuille.`);
	return patched;
}

/** Asks Excel and LibreOffice to recompute every formula when the workbook is opened. */
export function recalcOnOpen(workbookXml: string): string {
	const calcPr = /<(\w+:)?calcPr\b[^>]*?\/?>/.exec(workbookXml);
	if (calcPr) {
		if (/\sfullCalcOnLoad="/.test(calcPr[0]))
			return workbookXml.replace(calcPr[0], calcPr[0].replace(/\sfullCalcOnLoad="[^"]*"/, ' fullCalcOnLoad="1"'));
		return workbookXml.replace(calcPr[0], calcPr[0].replace(/(\/?>)$/, ' fullCalcOnLoad="1"$1'));
	}
	const prefix = /<(\w+:)?workbook\b/.exec(workbookXml)?.[1] ?? '';
	const tag = `<${prefix}calcPr fullCalcOnLoad="1"/>`;
	// calcPr comes after sheets/functionGroups/externalReferences/definedNames (ECMA-376 order).
	const before = new RegExp(
		`<${prefix}(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst)\\b|</${prefix}workbook>`
	).exec(workbookXml);
	if (!before) throw new ScheduleFillError('Le classeur est incomplet.');
	return workbookXml.slice(0, before.index) + tag + workbookXml.slice(before.index);
}

/**
 * The buyer's workbook with the prices filled in. Deterministic: the same input bytes, mapping,
 * prices and `when` give the same output bytes (entries kept in their order, one timestamp).
 */
export function fillWorkbook(bytes: Uint8Array, mapping: ScheduleMapping, rows: PricedRow[], when: Date): Uint8Array {
	let files: Record<string, Uint8Array>;
	try {
		files = unzipSync(bytes);
	} catch {
		throw new ScheduleFillError('Le classeur de l’acheteur n’a pas pu être ouvert.');
	}
	const path = sheetPath(files, mapping.sheet);
	const sheet = files[path];
	if (!sheet) throw new ScheduleFillError(`La feuille « ${mapping.sheet} » est introuvable dans le classeur.`);
	const out: Zippable = {};
	for (const [name, data] of Object.entries(files)) {
		if (name === path) out[name] = [strToU8(fillSheetXml(strFromU8(sheet), mapping, rows)), { mtime: when }];
		else if (name === 'xl/workbook.xml') out[name] = [strToU8(recalcOnOpen(strFromU8(data))), { mtime: when }];
		else out[name] = [data, { mtime: when }];
	}
	return zipSync(out, { level: 6 });
}
