/**
 * Word's lists, made real before the clean walk (normalize.ts). Word (desktop, Windows and Mac)
 * puts a list on the clipboard as paragraphs, not <ul>/<ol>: each item is a
 * `<p class=MsoListParagraphCxSp… style='…mso-list:l0 level2 lfo1'>` whose bullet or number is
 * drawn text between `<![if !supportLists]>` and `<![endif]>` (which the HTML parser reads as
 * two comments) or in a `<span style='mso-list:Ignore'>`. This removes those markers, tells
 * bullets from numbers by the marker's text, and moves the paragraphs into nested <ul>/<ol><li>
 * by their `level`. Headings numbered by Word (`<h1 style='mso-list:…'>`) stay headings and keep
 * their number as text (« 1. Présentation »).
 */

interface ListParagraph {
	el: Element;
	list: string;
	level: number;
	ordered: boolean;
	start: number | null;
}

const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i;
/** « 1. », « a) », « (iv) », « 1.2. »: a numbered item; anything else (·, o, §, -, •) is a bullet. */
const NUMBER_MARKER = /^\(?(\d{1,4}|[a-z]|[ivxlcdm]{1,6})(?:[.)](\d{1,4}|[a-z]))*[.)]$/i;
const HEADING = /^h[1-6]$/;

function isWordHeading(el: Element): boolean {
	return HEADING.test(el.localName) || /(^|\s)Mso(Heading\d|Title)(\s|$)/.test(el.getAttribute('class') ?? '');
}

function isComment(node: Node | null, data: RegExp): boolean {
	return node?.nodeType === 8 && data.test((node as Comment).data.trim());
}

/** Removes the marker drawn by Word at the start of `el` and returns its text (trimmed). */
function takeMarker(el: Element): string {
	const doc = el.ownerDocument;
	const walker = doc.createTreeWalker(el, 128 /* NodeFilter.SHOW_COMMENT */);
	let text = '';
	for (let c = walker.nextNode(); c; c = walker.nextNode()) {
		if (!isComment(c, /^\[if !supportLists\]$/i)) continue;
		const removed: Node[] = [c];
		let n = c.nextSibling;
		while (n && !isComment(n, /^\[endif\]$/i)) {
			removed.push(n);
			n = n.nextSibling;
		}
		if (n) removed.push(n);
		text = removed.map((r) => (r.nodeType === 8 ? '' : (r.textContent ?? ''))).join('');
		for (const r of removed) r.parentNode?.removeChild(r);
		break;
	}
	// Without the conditional comments (some versions, or the comments stripped by a browser):
	// the marker is the span Word tells its own reader to ignore.
	for (const span of Array.from(el.querySelectorAll('[style*="mso-list"]'))) {
		if (!/mso-list:\s*ignore/i.test(span.getAttribute('style') ?? '')) continue;
		text ||= span.textContent ?? '';
		span.remove();
	}
	return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The next sibling that is not white space or a comment. */
function nextMeaningful(node: Node): Node | null {
	let n = node.nextSibling;
	while (n && (n.nodeType === 8 || (n.nodeType === 3 && !/[^\s]/.test(n.textContent ?? '')))) n = n.nextSibling;
	return n;
}

/** Reads Word's list paragraphs under `root`, strips their markers; headings keep their number. */
function collect(root: Element): ListParagraph[] {
	const items: ListParagraph[] = [];
	for (const el of Array.from(root.querySelectorAll('[style*="mso-list"]'))) {
		const match = MSO_LIST.exec(el.getAttribute('style') ?? '');
		if (!match) continue;
		const marker = takeMarker(el);
		if (isWordHeading(el)) {
			if (marker) el.insertBefore(el.ownerDocument.createTextNode(`${marker} `), el.firstChild);
			continue;
		}
		if (el.localName !== 'p' && el.localName !== 'div') continue;
		const ordered = NUMBER_MARKER.test(marker);
		const number = /^(\d{1,4})[.)]$/.exec(marker);
		items.push({
			el,
			list: match[1]!.toLowerCase(),
			level: Math.max(1, Math.min(9, Number(match[2]))),
			ordered,
			start: number ? Number(number[1]) : null
		});
	}
	return items;
}

/** Builds the nested lists of one run of adjacent list paragraphs, in place of the first. */
function buildRun(run: ListParagraph[]): void {
	const doc = run[0]!.el.ownerDocument;
	const stack: Array<{ level: number; list: Element; id: string; li: Element | null }> = [];
	let root: Element | null = null;
	const newList = (item: ListParagraph): Element => {
		const list = doc.createElement(item.ordered ? 'ol' : 'ul');
		if (item.ordered && item.start !== null && item.start > 1) list.setAttribute('start', String(item.start));
		return list;
	};
	const anchor = run[0]!.el;
	for (const item of run) {
		while (stack.length && stack[stack.length - 1]!.level > item.level) stack.pop();
		let top = stack[stack.length - 1];
		const sameKind = top && top.level === item.level && top.id === item.list && (top.list.localName === 'ol') === item.ordered;
		if (top && top.level === item.level && !sameKind) {
			// Same level, another list (bullets after numbers, or another Word list id): a sibling list.
			stack.pop();
			top = stack[stack.length - 1];
		}
		if (!top || top.level < item.level) {
			const list = newList(item);
			if (top) {
				if (!top.li) top.list.append((top.li = doc.createElement('li')));
				top.li.append(list);
			} else if (root) {
				root.after(list);
				root = list;
			} else {
				anchor.before(list);
				root = list;
			}
			stack.push({ level: item.level, list, id: item.list, li: null });
			top = stack[stack.length - 1]!;
		}
		const li = doc.createElement('li');
		top.list.append(li);
		li.append(item.el);
		top.li = li;
	}
}

/** Turns Word's list paragraphs under `root` into nested <ul>/<ol><li> (in place). */
export function convertWordLists(root: Element): void {
	const items = collect(root);
	let run: ListParagraph[] = [];
	for (const item of items) {
		const previous = run[run.length - 1];
		if (previous && nextMeaningful(previous.el) !== item.el) {
			buildRun(run);
			run = [];
		}
		run.push(item);
	}
	if (run.length) buildRun(run);
}
