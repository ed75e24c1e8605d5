/**
 * The DOCX exports' page and look: A4 with 2 cm margins, fonts, indentation steps and colours,
 * shared by every document so they all look alike.
 */

export const FONT = 'Calibri';
export const CODE_FONT = 'Consolas';
/** A4 in twips, 2 cm margins. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 };
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
export const INDENT_STEP = 360;
export const QUOTE_INDENT = 567;
export const HEADER_FILL = 'D9E2F3';
export const TOTAL_FILL = 'F2F2F2';
export const ACCENT = '1F3864';
export const GREY = '7F7F7F';
export const DRAFT_COLOR = 'C00000';
/** The paragraph style of the page footer (./styles.ts defines it). */
export const FOOTER_STYLE = 'CotraitFooter';
