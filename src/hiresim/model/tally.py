"""The population tally: this week's aggregates of the people (counts, skills, jobs by
level, spells, years since arrival) by cell (origin × programme arm), by origin, by group
and by arm, from one compiled pass over the people (`tally`).

The people's rows keep their origin, so the pass runs over runs of rows of one origin
(`origin_runs`). Each cell's skills are summed in row order, the order
``numpy.bincount`` adds in; sums by origin and group add the cells up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .jit import njit
from .state import N_ORIGINS, World, right_level_jit

#: Years since arrival: under 4, 4 to 6, 7 or more (SSB's bands), and their edges in weeks.
RESIDENCE = ("settled_under_4", "settled_4_to_6", "settled_7_plus")
RESIDENCE_EDGES = (4 * 52, 7 * 52)
#: Weeks out of work that make a spell long-term.
LONG_TERM_WEEKS = 52
_CELLS = N_ORIGINS * 4  # origin × arm


@dataclass
class Tally:
    """Population aggregates by cell (origin × arm, ``origin * 4 + arm``), by origin, by
    group, by arm and by years since arrival."""

    n: np.ndarray            # int64 (cells,), people per cell
    employed: np.ndarray     # float64 (cells,)
    right: np.ndarray        # float64 (cells,), at the right level (`state.right_level`)
    formal: np.ndarray       # float64 (cells,), sums of formal skill
    informal: np.ndarray     # float64 (cells,)
    long_term: np.ndarray    # int64 (origins,), unemployed for LONG_TERM_WEEKS or more
    registered: np.ndarray   # int64 (origins,), unemployed and registered (NAV)
    graduates: np.ndarray    # int64 (origins,), employed with a bachelor or more
    below: np.ndarray        # int64 (origins,), of them working below their level
    out_of_field: np.ndarray  # int64 (origins,), employed outside their field
    origin_formal: np.ndarray    # float64 (origins,), sums of formal skill
    origin_informal: np.ndarray  # float64 (origins,)
    origin_reference: np.ndarray  # float64 (origins,), sums of the mean formal skill of
    #                               each person's qualification level (from counts)
    group_n: np.ndarray      # int64 (2,)
    group_formal: np.ndarray  # float64 (2,)
    group_informal: np.ndarray  # float64 (2,)
    residence_n: np.ndarray  # int64 (3,), immigrants by years since arrival
    residence_unemployed: np.ndarray  # int64 (3,)
    residence_registered: np.ndarray  # int64 (3,), of them registered
    hired: np.ndarray        # float64 (4,) by arm (not 0), hired since the first intake
    right_ever: np.ndarray   # float64 (4,) by arm (not 0), at the right level since then
    at_level: np.ndarray     # int64 (3,), everybody employed, by job level
    out_at_level: np.ndarray  # int64 (3,), of them outside their field
    idle_by_qualification: np.ndarray  # int64 (3,), everybody out of work, by qualification
    arm_at_level: np.ndarray  # int64 (3, arms 1-3), employed by job level
    arm_out_at_level: np.ndarray  # int64 (3, arms 1-3), of them outside their field
    arm_idle: np.ndarray     # int64 (3, arms 1-3), out of work by qualification
    trainees: int


@njit
def _tally(run_start: np.ndarray, run_origin: np.ndarray, arm: np.ndarray,
           employer: np.ndarray, level: np.ndarray, qualification: np.ndarray,
           field: np.ndarray, employer_field: np.ndarray,
           formal: np.ndarray, informal: np.ndarray, first_hire: np.ndarray,
           ever: np.ndarray, weeks_unemployed: np.ndarray, registered: np.ndarray,
           arrival: np.ndarray, week: int, track: bool, counts: np.ndarray, sums: np.ndarray,
           by_origin: np.ndarray, residence: np.ndarray) -> None:
    """Population aggregates, run by run of rows of one origin.

    ``counts[k, cell]`` for k = people, employed, at the right level, hired since the
    first intake, at the right level since the first intake, employed at job levels 0-2,
    out of work at qualification levels 0-2 and employed outside their field at job
    levels 0-2 (the last ten outside arm 0 only); ``sums[k, cell]`` for formal and
    informal skill, each summed in row order as ``numpy.bincount`` does;
    ``by_origin[k, origin]`` for k = long-term unemployed, employed graduates, those
    below their level, people at qualification levels 0, 1 and 2, the employed at job
    levels 0-2, those out of work at qualification levels 0-2 and the employed outside
    their field at job levels 0-2, then the registered unemployed; ``residence[k,
    band]`` immigrants, unemployed immigrants and registered unemployed immigrants by
    years since arrival. A job's field is its employer's
    (``employer_field``). Arm 0's counts are the origin's totals less the other arms',
    so the counting loops are branch-free (and vectorised). With ``track``, ``ever``
    first takes in who works at the right level now.
    """
    for r in range(run_origin.shape[0]):
        lo, hi, o = run_start[r], run_start[r + 1], np.int64(run_origin[r])
        emp, lev, qual = employer[lo:hi], level[lo:hi], qualification[lo:hi]
        fld, seen, wu = field[lo:hi], ever[lo:hi], weeks_unemployed[lo:hi]
        reg = registered[lo:hi]
        employed = right = long_term = graduates = below = bachelors = masters = 0
        on_register = 0
        at0 = at1 = at2 = idle0 = idle1 = idle2 = out0 = out1 = out2 = 0
        for i in range(hi - lo):
            e = emp[i] >= 0
            # Read without a branch: for the unemployed (level -1) neither the right
            # level nor work outside one's field can hold whatever field is read.
            jf = employer_field[max(emp[i], 0)]
            out = e & (jf != fld[i])
            employed += e
            at0 += e & (lev[i] == 0)
            at1 += e & (lev[i] == 1)
            at2 += e & (lev[i] == 2)
            idle0 += (not e) & (qual[i] == 0)
            idle1 += (not e) & (qual[i] == 1)
            idle2 += (not e) & (qual[i] == 2)
            out0 += out & (lev[i] == 0)
            out1 += out & (lev[i] == 1)
            out2 += out & (lev[i] == 2)
            right += right_level_jit(lev[i], qual[i], jf, fld[i])
            long_term += (not e) & (wu[i] >= LONG_TERM_WEEKS)
            on_register += (not e) & reg[i]
            graduates += e & (qual[i] > 0)
            below += e & (lev[i] < qual[i])
            bachelors += qual[i] == 1
            masters += qual[i] == 2
        if track:
            for i in range(hi - lo):
                jf = employer_field[max(emp[i], 0)]  # as above
                seen[i] |= right_level_jit(lev[i], qual[i], jf, fld[i])
        if o > 0:
            arr = arrival[lo:hi]
            for i in range(hi - lo):
                here = week - arr[i]  # weeks since arrival
                band = np.int64(here >= RESIDENCE_EDGES[0]) + np.int64(here >= RESIDENCE_EDGES[1])
                residence[0, band] += 1
                residence[1, band] += emp[i] < 0
                residence[2, band] += (emp[i] < 0) & reg[i]
        by_origin[0, o] += long_term
        by_origin[1, o] += graduates
        by_origin[2, o] += below
        by_origin[3, o] += hi - lo - bachelors - masters
        by_origin[4, o] += bachelors
        by_origin[5, o] += masters
        by_origin[6, o] += at0
        by_origin[7, o] += at1
        by_origin[8, o] += at2
        by_origin[9, o] += idle0
        by_origin[10, o] += idle1
        by_origin[11, o] += idle2
        by_origin[12, o] += out0
        by_origin[13, o] += out1
        by_origin[14, o] += out2
        by_origin[15, o] += on_register
        base = o * 4
        counts[0, base] += hi - lo
        counts[1, base] += employed
        counts[2, base] += right
        arms, fs, infs, hired = arm[lo:hi], formal[lo:hi], informal[lo:hi], first_hire[lo:hi]
        cell = base
        f_cell, i_cell = sums[0, cell], sums[1, cell]
        for i in range(hi - lo):
            c = base + np.int64(arms[i])
            if c != cell:
                sums[0, cell], sums[1, cell] = f_cell, i_cell
                cell = c
                f_cell, i_cell = sums[0, cell], sums[1, cell]
            if c != base:  # in a programme arm: counted apart
                e = emp[i] >= 0
                jf = employer_field[max(emp[i], 0)]  # as above
                ok = right_level_jit(lev[i], qual[i], jf, fld[i])
                counts[0, c] += 1
                counts[1, c] += e
                counts[2, c] += ok
                counts[3, c] += hired[i] >= 0
                counts[4, c] += seen[i]
                counts[5 + np.int64(max(lev[i], 0)), c] += e  # employed by job level
                counts[8 + np.int64(qual[i]), c] += not e  # out of work by qualification
                counts[11 + np.int64(max(lev[i], 0)), c] += e & (jf != fld[i])  # outside
                counts[0, base] -= 1
                counts[1, base] -= e
                counts[2, base] -= ok
            f_cell += fs[i]
            i_cell += infs[i]
        sums[0, cell], sums[1, cell] = f_cell, i_cell


def tally(w: World, track: bool = False) -> Tally:
    """This week's population aggregates; ``track`` records who works at the right level.

    Sums by origin and by group add up the cells' sums (arms in order)."""
    people = w.people
    starts, origins = w.origin_runs
    counts = np.zeros((14, _CELLS), np.int64)
    sums = np.zeros((2, _CELLS), np.float64)
    by_origin = np.zeros((16, N_ORIGINS), np.int64)
    residence = np.zeros((3, len(RESIDENCE)), np.int64)
    _tally(starts, origins, people.arm, people.employer, people.level, people.qualification,
           people.field, w.employers.field, people.formal, people.informal,
           people.first_hire_week, w.right_level_ever,
           people.weeks_unemployed, people.registered, people.arrival_week, w.week, track,
           counts, sums, by_origin, residence)
    by_arm = counts[3:5].reshape(2, N_ORIGINS, 4).sum(axis=1).astype(np.float64)
    group_n = np.array([counts[0, :4].sum(), counts[0, 4:].sum()])
    origin_formal, origin_informal = sums.reshape(2, N_ORIGINS, 4).sum(axis=2)
    reference = by_origin[3:6].T @ np.asarray(w.params.formal_skill_means, np.float64)
    return Tally(n=counts[0], employed=counts[1].astype(np.float64),
                 right=counts[2].astype(np.float64), formal=sums[0], informal=sums[1],
                 long_term=by_origin[0], registered=by_origin[15], graduates=by_origin[1],
                 below=by_origin[2],
                 out_of_field=by_origin[12:15].sum(axis=0),
                 origin_formal=origin_formal, origin_informal=origin_informal,
                 origin_reference=reference, group_n=group_n,
                 group_formal=np.array([origin_formal[0], origin_formal[1:].sum()]),
                 group_informal=np.array([origin_informal[0], origin_informal[1:].sum()]),
                 residence_n=residence[0], residence_unemployed=residence[1],
                 residence_registered=residence[2],
                 hired=by_arm[0], right_ever=by_arm[1],
                 at_level=by_origin[6:9].sum(axis=1),
                 out_at_level=by_origin[12:15].sum(axis=1),
                 idle_by_qualification=by_origin[9:12].sum(axis=1),
                 arm_at_level=counts[5:8].reshape(3, N_ORIGINS, 4).sum(axis=1)[:, 1:],
                 arm_idle=counts[8:11].reshape(3, N_ORIGINS, 4).sum(axis=1)[:, 1:],
                 arm_out_at_level=counts[11:14].reshape(3, N_ORIGINS, 4).sum(axis=1)[:, 1:],
                 trainees=int((people.trainee_host[w.trainees] >= 0).sum()))


def origin_runs(origin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of rows of one origin starts (and ends), and its origin: rows keep
    their origin, so this is computed once."""
    starts = np.r_[0, np.flatnonzero(origin[1:] != origin[:-1]) + 1, len(origin)]
    return starts.astype(np.int64), origin[starts[:-1]].astype(np.int64)
