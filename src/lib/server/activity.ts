/**
 * Transitional (issue 13): the activity log is written through activity.repository.ts, which use
 * cases import directly. This file only keeps the old import path working for the features still
 * importing it; it goes once they import the repository.
 */
export { logActivity, type ActivityEntry } from './activity.repository';
