/**
 * Document exports of a bid: the mémoire technique (DOCX, PDF) and the répartition annex
 * (DOCX, PDF). Pure: no database access; the caller gathers the data (see ./model.ts) and
 * stores or streams the bytes.
 */
export type * from './model';
export { memoireToDocx, annexToDocx } from './docx';
export { memoireToPdf, annexToPdf } from './pdf';
export { sha256Hex } from './hash';
export { safeHref } from './content';
export { FIXED_EXPORT_DATE } from './labels';
