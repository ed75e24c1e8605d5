/**
 * Document exports of a bid: the mémoire technique (DOCX, PDF), the répartition annex
 * (DOCX, PDF) and the buyer's forms DC1, DC2, ATTRI1 (DOCX, PDF). Pure: no database access; the caller gathers the data (see ./model.ts) and
 * stores or streams the bytes.
 *
 * What a document says is shared by both formats: a section's content read into blocks
 * (./content/), the tables' text (./tables.ts), the French wording (./labels.ts). How it looks
 * is per format: ./docx/ and ./pdf/ hold one file per document, composed from each format's
 * frame, cover, section blocks and primitives (text line, heading, simple table). A new
 * document is one file in each of them (and its export here and in ./render.ts).
 */
export type * from './model';
export { memoireToDocx, annexToDocx, formToDocx } from './docx';
export { memoireToPdf, annexToPdf, formToPdf } from './pdf';
export { sha256Hex } from './hash';
export { safeHref } from './content';
export { FIXED_EXPORT_DATE } from './labels';
