/**
 * PDF exports with pdfmake, in pure JavaScript, one file per document (./memoire.ts,
 * ./annex.ts, ./form.ts) built from shared parts: pdfmake and its fonts (./pdfmake.ts), the frame
 * (./frame.ts), the look (./theme.ts), glyph mapping (./glyphs.ts), the cover (./cover.ts), a
 * section's content (./blocks.ts) and simple building blocks (./primitives.ts).
 */
export { annexToPdf } from './annex';
export { memoireToPdf } from './memoire';
export { formToPdf } from './form';
