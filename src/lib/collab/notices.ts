/**
 * Room notices: a message type of our own on the collaboration socket (after the y-websocket
 * protocol's 0 sync, 1 awareness, 2 auth, 3 query awareness), by which the server tells the
 * clients of a room that something outside the Yjs document changed, so they reload it.
 * Payload: one varString, the notice. Shared by server/collab and the browser.
 */
export const MESSAGE_ROOM_NOTICE = 100;

/**
 * « comments »: the section's discussion has a new comment.
 * « read-only »: sent to a read-only connection as it starts, so a client that reconnects after
 * its rights changed while it was offline (no 4205 reached it) stops offering to edit.
 */
export type RoomNotice = 'comments' | 'read-only';
