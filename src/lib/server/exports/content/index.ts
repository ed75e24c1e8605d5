/**
 * A section's content as both renderers (DOCX and PDF) read it: ProseMirror JSON from storage
 * validated into a small block model (./read.ts, ./model.ts), and text made safe for any output
 * (./clean.ts).
 */
export type * from './model';
export { cleanLine, cleanText } from './clean';
export { safeHref } from '../../../collab/links';
export { plainTextOf } from './inlines';
export { readSection } from './read';
