/**
 * DOCX exports with the `docx` library, one file per document (./memoire.ts, ./annex.ts, ./form.ts) built
 * from shared parts: the frame and packing (./pack.ts, ./styles.ts, ./theme.ts), the cover
 * (./cover.ts), a section's content (./blocks.ts) and simple building blocks (./primitives.ts).
 * Same input, same bytes (see ./pack.ts and ./ooxml.ts).
 */
export { annexToDocx } from './annex';
export { memoireToDocx } from './memoire';
export { formToDocx } from './form';
