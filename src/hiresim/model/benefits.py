"""Unemployment benefit (dagpenger; docs/model.md §3, steps 1 and 4).

A job loser is entitled for the spell that follows with probability
`benefit_entitled_share` (`grant`), and draws the benefit for its first `benefit_weeks`
weeks. Someone drawing it searches in a week with probability `benefit_search_intensity`
(`searching`): benefits lower search effort, and the chance of a job rises when they run
out. Newcomers to the labour force have no right to it.
"""

from __future__ import annotations

import numpy as np

from .state import People, World


def grant(w: World, job_losers: np.ndarray) -> None:
    """``job_losers`` (rows whose job ended this week) get their right for the spell; the
    draw is the person's own, so a world and its twin share it."""
    u = w.streams.uniform("benefit_right", w.week, job_losers)
    w.people.benefit_right[job_losers] = u < w.params.benefit_entitled_share


def drawing(people: People, persons: np.ndarray, benefit_weeks: int) -> np.ndarray:
    """Whether each of ``persons`` (out of work) draws dagpenger this week."""
    return people.benefit_right[persons] & (people.weeks_unemployed[persons] < benefit_weeks)


def count_recipients(w: World, unemployed: np.ndarray) -> np.ndarray:
    """Whether each of ``unemployed`` draws dagpenger this week; the count is the week's
    `WeekCounts.benefit_recipients`."""
    on = drawing(w.people, unemployed, w.params.benefit_weeks)
    w.counts.benefit_recipients = int(np.count_nonzero(on))
    return on


def searching(w: World, unemployed: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Who of ``unemployed`` searches this week: everybody not drawing dagpenger (``on``,
    `count_recipients`), and of those drawing it each with probability
    `benefit_search_intensity`."""
    intensity = w.params.benefit_search_intensity
    if intensity >= 1.0 or not on.any():
        return unemployed
    u = w.streams.uniform("benefit_search", w.week, unemployed)
    return unemployed[~on | (u < intensity)]
