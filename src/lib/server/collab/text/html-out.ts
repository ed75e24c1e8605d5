/**
 * Where the HTML of a section goes while it is written (./html.ts): counts what is written,
 * cuts text that would pass the budget, and remembers when the budget ran out or content was
 * left out; a block can be rolled back to end an excerpt at a block boundary.
 */
import { cutEscaped, escapeHtml } from './escape';

export class HtmlOut {
	private parts: string[] = [];
	length = 0;
	/** The budget is spent: nothing more is written but the closing tags of open elements. */
	full = false;
	/** Some content was left out. */
	truncated = false;

	constructor(readonly budget: number) {}

	write(html: string): void {
		this.parts.push(html);
		this.length += html.length;
	}

	/** Called at the end of each block: the budget is checked at block boundaries. */
	blockEnd(): void {
		if (this.length >= this.budget) this.full = true;
	}

	/** Escaped text, cut (and the output marked full) when it would pass the budget. */
	text(raw: string): string {
		const room = this.budget - this.length;
		if (raw.length <= room) {
			const html = escapeHtml(raw);
			if (html.length <= room) return html;
		}
		this.full = true;
		this.truncated = true;
		// Escaping never shortens, so the first `room` characters are enough.
		return cutEscaped(escapeHtml(raw.slice(0, Math.max(0, room + 1))), room) + '…';
	}

	mark(): { parts: number; length: number } {
		return { parts: this.parts.length, length: this.length };
	}

	rollback(mark: { parts: number; length: number }): void {
		this.parts.length = mark.parts;
		this.length = mark.length;
	}

	toString(): string {
		return this.parts.join('');
	}
}
