/**
 * ProseMirror reads a selection made with the keyboard (Shift+Home…) from the browser's
 * `selectionchange` event, which Chrome dispatches asynchronously. A shortcut pressed right
 * after (Ctrl+K) can run before that event, and once focus has left the text the event is
 * ignored: the link would then be applied to the stale, collapsed selection. Before a command
 * moves focus away from the text, take the selection the person sees from the DOM.
 */
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

export function adoptDomSelection(editor: Editor): void {
	const view = editor.view;
	if (editor.isDestroyed || !view.hasFocus()) return;
	const dom = view.dom.ownerDocument.getSelection();
	if (!dom?.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return;
	let anchor: number;
	let head: number;
	try {
		anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
		head = view.posAtDOM(dom.focusNode, dom.focusOffset);
	} catch {
		return; // a position ProseMirror cannot map (widget, caret decoration): keep its own
	}
	const current = view.state.selection;
	if (current.anchor === anchor && current.head === head) return;
	view.dispatch(view.state.tr.setSelection(TextSelection.between(view.state.doc.resolve(anchor), view.state.doc.resolve(head))));
}
