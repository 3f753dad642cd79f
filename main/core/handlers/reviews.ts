import { dayFromIso, todayDay } from '../../../shared/kpi/periods.js';
import {
  addAction,
  adjustTarget,
  closeReview,
  createReview,
  deleteReview,
  getReview,
  listReviews,
  saveNote,
  updateAction,
} from '../reviews/reviews.js';
import type { Handlers } from './types.js';

const dayOf = (today: string | undefined) => (today ? dayFromIso(today) : todayDay());

export const reviewHandlers = {
  'reviews/list': (req, { session }) => listReviews(session.require().db, req),

  'reviews/create': ({ today, ...input }, { session }) => {
    const ws = session.require();
    const { id } = createReview(ws.db, ws.settings, input);
    return getReview(ws.db, ws.settings, id, dayOf(today));
  },

  'reviews/get': ({ id, today }, { session }) => {
    const ws = session.require();
    return getReview(ws.db, ws.settings, id, dayOf(today));
  },

  'reviews/note': (req, { session }) => saveNote(session.require().db, req),

  'reviews/addAction': (req, { session }) => addAction(session.require().db, req),

  'reviews/updateAction': (req, { session }) => updateAction(session.require().db, req),

  'reviews/adjustTarget': ({ today, ...input }, { session }) => {
    const ws = session.require();
    adjustTarget(ws.db, ws.settings, input);
    return getReview(ws.db, ws.settings, input.reviewId, dayOf(today));
  },

  'reviews/close': ({ id, today }, { session }) => {
    const ws = session.require();
    closeReview(ws.db, ws.settings, id, dayOf(today));
    return getReview(ws.db, ws.settings, id, dayOf(today));
  },

  'reviews/delete': ({ id }, { session }) => {
    deleteReview(session.require().db, id);
    return null;
  },
} satisfies Partial<Handlers>;
