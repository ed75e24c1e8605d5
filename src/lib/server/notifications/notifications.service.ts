/**
 * Transitional (issue 13): in-app notifications are written and read through
 * notifications.repository.ts, which use cases import directly. This file only keeps the old
 * import path working for the features still importing it; it goes once they import the
 * repository.
 */
export { listNotifications, markAllRead, notify, type Notice } from './notifications.repository';
