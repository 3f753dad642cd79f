import { commentOnAppraisal, computeAppraisal, signAppraisal, teamAppraisals } from '../scoring/appraisal.js';
import { deleteScorecard, listScorecards, saveScorecard } from '../scoring/scorecards.js';
import type { Handlers } from './types.js';

export const scoringHandlers = {
  'scorecards/list': (_req, { session }) => listScorecards(session.require().db),

  'scorecards/save': (req, { session }) => saveScorecard(session.require().db, req),

  'scorecards/delete': ({ id }, { session }) => {
    deleteScorecard(session.require().db, id);
    return null;
  },

  'appraisal/get': ({ person, period }, { session }) => {
    const ws = session.require();
    return computeAppraisal(ws.db, ws.settings, person, period);
  },

  'appraisal/comment': (req, { session }) => {
    const ws = session.require();
    return commentOnAppraisal(ws.db, ws.settings, req);
  },

  'appraisal/sign': (req, { session }) => {
    const ws = session.require();
    return signAppraisal(ws.db, ws.settings, req);
  },

  'appraisal/team': ({ team, period }, { session }) => {
    const ws = session.require();
    return teamAppraisals(ws.db, ws.settings, team, period);
  },
} satisfies Partial<Handlers>;
