/**
 * Per-document rendering state of a DOCX export: hyperlink relationship ids and list numbering
 * instances are numbered in document order (so the same input gives the same bytes), and the
 * ordered lists' start values met are remembered for the numbering definitions (./styles.ts).
 */

export class DocxContext {
	private links = 0;
	private listInstances = 0;
	/** Start values of ordered lists met (each gets its own numbering definition). */
	readonly orderedStarts = new Set<number>([1]);

	nextLinkId(): string {
		this.links += 1;
		return `Link${this.links}`;
	}

	nextListInstance(): number {
		this.listInstances += 1;
		return this.listInstances;
	}
}
