"""The dashboard's network picture: job seekers, mentors and employers in one drawing.

Positions come straight from the state arrays with numpy, in one pass, because a
force-directed layout takes seconds for a few thousand nodes. Employers sit on a circle,
grouped by field; an employed person sits just inside the circle next to his or her
employer; a person out of work sits in the middle, towards his or her field; a mentor sits
just outside the circle at his or her employer. The scatter within those places is one
fixed random draw per person, so the same state always gives the same picture and a dot
moves only when its person's job changes. Lines are the contacts of the people looking
for work (the network that carries referrals) and the mentor-mentee pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from ..model.state import (
    ACTIVE,
    ARM_CONTROL,
    ARM_NONE,
    ARM_TREATED,
    DORMANT,
    IMMIGRANT,
    World,
    at_right_level,
)

#: Most people drawn; a larger market shows every programme member and a fixed sample
#: of the others, so the picture stays quick.
MAX_PEOPLE = 3_000
FIELD_GAP = 0.35  # share of a field's angular sector left empty between fields
LAYOUT_SEED = 2019

# Colours used throughout the dashboard.
RIGHT_LEVEL = "#2a9d3f"
BELOW_LEVEL = "#f0a202"
OUT_OF_WORK = "#d1342f"
EMPLOYER = "#8c8c8c"
PROGRAMME = "#7b3fa0"  # mentors, pairs and employers touched by the programme
CONTACT = "#5b7fa6"


@lru_cache(maxsize=4)
def jitter(n: int, columns: int = 3) -> np.ndarray:
    """A fixed uniform draw per row (the same for every model of ``n`` rows)."""
    out = np.random.default_rng([LAYOUT_SEED, n]).random((n, columns))
    out.flags.writeable = False
    return out


@dataclass
class Layout:
    """Where everything is drawn, and which people are drawn."""

    employer_xy: np.ndarray  # (employers, 2)
    person_xy: np.ndarray    # (people, 2); rows of people not drawn are computed anyway
    mentor_xy: np.ndarray    # (mentors, 2)
    shown: np.ndarray        # indices of the people drawn
    field_angle: np.ndarray  # centre angle of each field's sector
    field_width: np.ndarray  # angular width of each field's occupied sector


def employer_angles(fields: np.ndarray, n_fields: int) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray, np.ndarray]:
    """Angle of each employer on the circle, grouped by field.

    Each field gets a sector in proportion to its employers, with a gap before the
    next field. Returns (employer angle, field centre, field width, slot width).
    """
    counts = np.bincount(fields, minlength=n_fields).astype(np.float64)
    share = np.maximum(counts, 1) / np.maximum(counts, 1).sum()
    sector = 2 * np.pi * share
    start = np.concatenate([[0.0], np.cumsum(sector)[:-1]])
    width = sector * (1 - FIELD_GAP)
    order = np.lexsort((np.arange(len(fields)), fields))
    rank = np.empty(len(fields), np.int64)
    rank[order] = np.arange(len(fields))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    within = rank - first[fields]
    slot = width / np.maximum(counts, 1)
    angle = start[fields] + (within + 0.5) * slot[fields]
    return angle, start + width / 2, width, slot


def shown_people(w: World, max_people: int = MAX_PEOPLE) -> np.ndarray:
    """Everybody in a small market; in a large one, every programme member and a sample."""
    people = w.people
    n = people.n
    if n <= max_people:
        return np.arange(n)
    member = people.arm != ARM_NONE
    room = max(max_people - int(member.sum()), 0)
    keep = member | (jitter(n)[:, 2] < room / max(n - int(member.sum()), 1))
    return np.flatnonzero(keep)


def layout(w: World, max_people: int = MAX_PEOPLE) -> Layout:
    """Positions of employers, people and mentors for the current state."""
    people, emp, mentors = w.people, w.employers, w.mentors
    n_fields = int(w.params.n_fields)
    e_angle, f_centre, f_width, slot = employer_angles(emp.field, n_fields)
    employer_xy = np.column_stack([np.cos(e_angle), np.sin(e_angle)])

    u = jitter(people.n)
    employed = people.employer >= 0
    at = np.where(employed, people.employer, 0)
    # Employed: a small cloud just inside the circle by the employer.
    e_radius = 0.92 - 0.12 * u[:, 0]
    e_theta = e_angle[at] + (u[:, 1] - 0.5) * 0.9 * slot[emp.field[at]]
    # Out of work: the middle of the circle, towards the field.
    f = people.field
    o_radius = 0.12 + 0.5 * np.sqrt(u[:, 0])
    o_theta = f_centre[f] + (u[:, 1] - 0.5) * 0.8 * f_width[f]
    radius = np.where(employed, e_radius, o_radius)
    theta = np.where(employed, e_theta, o_theta)
    person_xy = np.column_stack([radius * np.cos(theta), radius * np.sin(theta)])

    if mentors.n:
        v = jitter(max(mentors.n, 1), 2)[: mentors.n]
        m_theta = e_angle[mentors.employer] + (v[:, 0] - 0.5) * 0.9 * slot[mentors.field]
        m_radius = 1.07 + 0.06 * v[:, 1]
        mentor_xy = np.column_stack([m_radius * np.cos(m_theta), m_radius * np.sin(m_theta)])
    else:
        mentor_xy = np.zeros((0, 2))
    return Layout(employer_xy, person_xy, mentor_xy, shown_people(w, max_people),
                  f_centre, f_width)


def contact_segments(w: World, lay: Layout, persons: np.ndarray) -> np.ndarray:
    """Line segments from each of ``persons`` to each employer he or she has a tie to."""
    contacts = w.people.contacts[persons]
    rows, cols = np.nonzero(contacts >= 0)
    start = lay.person_xy[persons[rows]]
    end = lay.employer_xy[contacts[rows, cols]]
    return np.stack([start, end], axis=1)


def pair_segments(w: World, lay: Layout, state: int) -> np.ndarray:
    """Line segments from mentee to mentor for the dyads in ``state``."""
    d = w.dyads
    rows = np.flatnonzero(d.state == state)
    return np.stack([lay.person_xy[d.person[rows]], lay.mentor_xy[d.mentor[rows]]], axis=1)


def draw_network(ax: Axes, w: World, max_people: int = MAX_PEOPLE,
                 fontsize: float = 8) -> Layout:
    """Draw the network picture on ``ax`` (field labels in ``fontsize`` points); returns
    the layout used."""
    lay = layout(w, max_people)
    people, emp = w.people, w.employers
    shown = lay.shown
    employed = people.employer[shown] >= 0
    right = at_right_level(people, emp.field, shown)
    colour = np.where(right, RIGHT_LEVEL, np.where(employed, BELOW_LEVEL, OUT_OF_WORK))
    immigrant = people.group[shown] == IMMIGRANT
    arm = people.arm[shown]

    seekers = shown[(people.employer[shown] < 0) & (arm != ARM_TREATED)]
    members = shown[arm == ARM_TREATED]
    ax.add_collection(LineCollection(contact_segments(w, lay, seekers), colors=CONTACT,
                                     linewidths=0.4, alpha=0.25, zorder=1))
    ax.add_collection(LineCollection(contact_segments(w, lay, members), colors=CONTACT,
                                     linewidths=0.9, alpha=0.7, zorder=2))
    if w.dyads.n:
        ax.add_collection(LineCollection(pair_segments(w, lay, ACTIVE), colors=PROGRAMME,
                                         linewidths=1.2, alpha=0.9, zorder=3))
        ax.add_collection(LineCollection(pair_segments(w, lay, DORMANT), colors=PROGRAMME,
                                         linewidths=0.8, alpha=0.45, linestyles=":",
                                         zorder=3))
    size = np.clip(np.sqrt(np.maximum(emp.staff, 1)) * 9, 12, 160)
    ax.scatter(*lay.employer_xy.T, s=size, marker="s",
               c=np.where(emp.exposed, PROGRAMME, EMPLOYER), alpha=0.8, linewidths=0, zorder=4)
    xy = lay.person_xy[shown]
    maj = ~immigrant
    ax.scatter(*xy[maj].T, s=5, c=colour[maj], alpha=0.35, linewidths=0, zorder=5)
    ax.scatter(*xy[immigrant].T, s=16, c=colour[immigrant], alpha=0.9, linewidths=0, zorder=6)
    for code, edge in ((ARM_CONTROL, "#555555"), (ARM_TREATED, "black")):
        ring = arm == code
        ax.scatter(*xy[ring].T, s=55, facecolors=colour[ring], edgecolors=edge,
                   linewidths=1.4 if code == ARM_TREATED else 0.9, zorder=7)
    if w.mentors.n:
        ax.scatter(*lay.mentor_xy.T, s=30, marker="^", c=PROGRAMME, linewidths=0, zorder=8)
    for k, angle in enumerate(lay.field_angle):
        ax.text(1.24 * np.cos(angle), 1.24 * np.sin(angle), f"field {k + 1}", ha="center",
                va="center", fontsize=fontsize, color="#444444")
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return lay


@dataclass(frozen=True)
class Key:
    """One entry of the picture's legend: a mark (``dot``, ``ring``, ``square``,
    ``triangle`` or ``line``), its fill colour, its edge colour and its words."""

    text: str
    mark: str
    colour: str
    edge: str | None = None


#: The legend of the network picture, in the order shown.
LEGEND = (
    Key("works at the right level", "dot", RIGHT_LEVEL),
    Key("works below own level or field", "dot", BELOW_LEVEL),
    Key("out of work", "dot", OUT_OF_WORK),
    Key("participant (black ring)", "ring", "white", "black"),
    Key("control group (grey ring)", "ring", "white", "#555555"),
    Key("employer", "square", EMPLOYER),
    Key("employer touched by the programme", "square", PROGRAMME),
    Key("mentor", "triangle", PROGRAMME),
    Key("mentor-mentee pair", "line", PROGRAMME),
    Key("contact of a job seeker", "line", CONTACT),
)
#: Where people sit in the picture, said once above the legend.
PLACES = ("Employers sit on the ring, by field; people in work beside their employer, "
          "people out of work in the middle. Large dots: immigrant background.")
