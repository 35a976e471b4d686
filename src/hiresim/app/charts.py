"""The dashboard's charts: matplotlib figures drawn from a teaching model's state.

Each function takes the running `TeachingModel` and returns a finished
``matplotlib.figure.Figure`` (no pyplot, so drawing is safe from any thread). Colours
mean the same thing everywhere: blue the majority, orange immigrants, black the
programme's participants, grey the control group and the eligible who were not taken in.

The page shows every figure at the width of its panel (`hiresim.app.panels`), from about
540 to 1,000 pixels. Text sizes are chosen for the narrowest: `SMALL_TEXT` points on a
`WIDTH`-inch figure still read as 14 pixels on the screen, a size a room can read on a
projector; `DPI` gives the pictures enough pixels to stay sharp at the widest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow
from matplotlib.ticker import MultipleLocator

from ..model.state import ARM_CONTROL, ARM_ELIGIBLE, ARM_TREATED
from . import network

if TYPE_CHECKING:
    from .teaching_model import TeachingModel

WIDTH = 6.4  # inches, of every chart but the network picture
FIGSIZE = (WIDTH, 4.2)
DPI = 150
SMALL_TEXT = 12  # points: tick labels, legends, notes (the smallest text of any figure)
TEXT = 13  # points: axis labels
TITLE = 14  # points: titles
NETWORK_SIZE = (5.0, 4.83)  # inches: the ring and its field labels, nothing else
MAJORITY_COLOUR = "#3b6fb6"
IMMIGRANT_COLOUR = "#e07b28"
PARTICIPANT_COLOUR = "black"
CONTROL_COLOUR = "#7f7f7f"
#: (metric suffix, legend text, colour, line style, width)
SERIES = (
    ("majority", "majority", MAJORITY_COLOUR, "-", 1.6),
    ("immigrant", "immigrant background", IMMIGRANT_COLOUR, "-", 1.6),
    ("treatment", "participants", PARTICIPANT_COLOUR, "-", 2.4),
    ("control", "control group", CONTROL_COLOUR, "--", 1.8),
    ("eligible", "eligible, not taken in", CONTROL_COLOUR, ":", 1.6),
)


def new_figure(ncols: int = 1, size: tuple[float, float] = FIGSIZE, *, bottom: float = 0.12,
               top: float = 0.88, left: float = 0.11) -> tuple[Figure, list[Axes]]:
    """A figure with ``ncols`` axes side by side, with fixed margins (a fixed layout is
    several times quicker to draw than matplotlib's automatic one)."""
    fig = Figure(figsize=size, dpi=DPI)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    fig.subplots_adjust(left=left, right=0.98, bottom=bottom, top=top, wspace=0.22)
    for ax in axes:
        ax.tick_params(labelsize=SMALL_TEXT)
    return fig, list(axes)


def intake_weeks(model: TeachingModel) -> list[int]:
    """The intake week of every programme."""
    return sorted({p.start_week for p in model.params.programmes})


def mark_intake(ax: Axes, model: TeachingModel) -> None:
    """A vertical line at each programme's intake."""
    for week in intake_weeks(model):
        ax.axvline(week, color="#999999", lw=1, ls="-.", zorder=0)
        ax.text(week, 0.02, " intake", transform=ax.get_xaxis_transform(),
                fontsize=SMALL_TEXT, color="#666666", rotation=90, va="bottom", ha="right")


def week_axis(ax: Axes, model: TeachingModel) -> None:
    """The x axis in weeks, wide enough for the run so far."""
    ax.set_xlim(0, max(model.week, 8))
    ax.set_xlabel("week", fontsize=TEXT)
    ax.grid(alpha=0.3)


def employment_figure(model: TeachingModel) -> Figure:
    """Employment and employment at the right level, by group and by arm, week by week."""
    frame = model.results()
    fig, axes = new_figure(2, bottom=0.34, top=0.86, left=0.12)
    for ax, what, title in ((axes[0], "employment_rate", "In work"),
                            (axes[1], "right_level_rate",
                             "In work at the right level\n(own level and field)")):
        for suffix, text, colour, style, width in SERIES:
            series = frame.get(f"{what}_{suffix}")
            if series is None or series.notna().sum() == 0:
                continue
            ax.plot(frame.index, 100 * series, color=colour, ls=style, lw=width, label=text,
                    marker="o" if len(frame) == 1 else None)
        mark_intake(ax, model)
        week_axis(ax, model)
        ax.set_ylim(0, 102)
        ax.set_title(title, fontsize=TITLE)
    axes[0].set_ylabel("% of the group", fontsize=TEXT)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=3, fontsize=SMALL_TEXT,
               frameon=False, columnspacing=1.0, handlelength=1.5)
    return fig


FUNNEL_STAGES = (("callbacks", "called back"), ("offers", "offered a job"), ("hires", "hired"))


def funnel_counts(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Applications, callbacks, offers, hires and referral hires since week 1, by group."""
    since = frame.loc[frame.index >= 1]
    return {g: {stage: float(since[f"{stage}_{g}"].sum())
                for stage in ("applications", "callbacks", "offers", "hires", "referral_hires")}
            for g in ("majority", "immigrant")}


def funnel_figure(model: TeachingModel) -> Figure:
    """The hiring funnel by group: of 100 applications, how many get each stage."""
    counts = funnel_counts(model.results())
    fig, (ax,) = new_figure(top=0.84, bottom=0.22, left=0.14)
    if not counts["majority"]["applications"] + counts["immigrant"]["applications"]:
        ax.set_title("Hiring funnel", fontsize=TITLE)
        ax.text(0.5, 0.5, "No applications yet: press Step", ha="center", va="center",
                fontsize=TITLE, color="#666666", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    x = np.arange(len(FUNNEL_STAGES))
    for k, (g, text, colour) in enumerate((("majority", "majority", MAJORITY_COLOUR),
                                           ("immigrant", "immigrant background",
                                            IMMIGRANT_COLOUR))):
        c = counts[g]
        apps = c["applications"]
        values = [100 * c[s] / apps if apps else 0.0 for s, _ in FUNNEL_STAGES]
        bars = ax.bar(x + (k - 0.5) * 0.38, values, 0.36, color=colour,
                      label=f"{text} ({int(apps):,} applications)")
        ax.bar_label(bars, fmt="%.1f", fontsize=SMALL_TEXT, padding=2)
    ax.set_xticks(x, [text for _, text in FUNNEL_STAGES])
    ax.set_ylabel("per 100 applications", fontsize=TEXT)
    ax.grid(axis="y", alpha=0.3)
    ax.margins(y=0.12)
    share = [100 * counts[g]["referral_hires"] / counts[g]["hires"] if counts[g]["hires"]
             else float("nan") for g in ("majority", "immigrant")]
    ax.set_title(f"Hiring funnel, weeks 1-{model.week}", fontsize=TITLE, pad=26)
    ax.text(0.5, 1.02, f"hired through a contact: majority {share[0]:.0f} %, "
            f"immigrants {share[1]:.0f} %", transform=ax.transAxes, ha="center",
            va="bottom", fontsize=SMALL_TEXT)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=1, fontsize=SMALL_TEXT,
               frameon=False)
    return fig


#: The skills panel's scale: change in mean skill since week 0, on the 0-1 skill scale.
#: It holds every change the workshop's exercises produce by week 40 at most seeds (losses
#: out of work stay within 0.03; the strong programme's participants gain about 0.12 in
#: formal skill), so arrows of different runs can be compared by their length; a change
#: beyond it widens the scale in steps of `SKILL_TICK`, and the title says so.
SKILL_SCALE = (-0.05, 0.15)
SKILL_TICK = 0.05
#: On that scale one hundredth of skill, the smallest difference the workshop asks a room
#: to see, is at least this many screen pixels long, even in the narrowest panel
#: (`NARROWEST_PANEL_PX`): on a projection 3 m wide at 1,920 pixels, about 3 cm.
MIN_HUNDREDTH_PX = 20
NARROWEST_PANEL_PX = 540  # a figure's width in the narrowest panel (see the docstring)
SKILLS = (("formal", "Formal skill"), ("informal", "Informal skill"))
#: The skills panel's arrows are tagged with this prefix, the skill and the arm's legend
#: text (``skills-arrow:informal:participants``), so that tests can measure them.
ARROW_GID = "skills-arrow"


@dataclass(frozen=True)
class SkillShift:
    """How far one arm's mean of one skill has moved since week 0."""

    skill: str   # "formal" or "informal"
    arm: str     # legend text: "participants", "control group", ...
    colour: str
    size: int    # people in the arm now
    change: float


def skill_shifts(model: TeachingModel) -> list[SkillShift]:
    """Each skill's change in mean since week 0 for the participants and the group they
    are compared with (the control group, or else the eligible not taken in)."""
    people = model.world.people
    arms = [(ARM_TREATED, "participants", PARTICIPANT_COLOUR)]
    if (people.arm == ARM_CONTROL).any():
        arms.append((ARM_CONTROL, "control group", CONTROL_COLOUR))
    else:
        arms.append((ARM_ELIGIBLE, "eligible, not taken in", CONTROL_COLOUR))
    start = {"formal": model.start_formal, "informal": model.start_informal}
    now = {"formal": people.formal, "informal": people.informal}
    return [SkillShift(skill, text, colour, int(members.sum()),
                       float(now[skill][members].mean() - start[skill][members].mean()))
            for skill, _ in SKILLS for code, text, colour in arms
            if (members := people.arm == code).any()]


def skill_scale(shifts: list[SkillShift]) -> tuple[float, float]:
    """`SKILL_SCALE`, widened in steps of `SKILL_TICK` to hold every change."""
    changes = [s.change for s in shifts] or [0.0]
    low = np.floor(min(changes) / SKILL_TICK + 1e-9) * SKILL_TICK  # 1e-9: rounding error
    high = np.ceil(max(changes) / SKILL_TICK - 1e-9) * SKILL_TICK
    return (min(SKILL_SCALE[0], round(float(low), 9)), max(SKILL_SCALE[1], round(float(high), 9)))


def signed(change: float) -> str:
    """A change in skill with its sign, to three decimals (a true minus sign)."""
    return f"{change:+.3f}".replace("-", "\u2212")


#: The skills arrows' shaft and head, in points: wide enough to see from the back of a
#: room. A short arrow's head is at most half the arrow, so it never overshoots it.
ARROW_SHAFT, ARROW_HEAD_WIDTH, ARROW_HEAD = 5.0, 13.0, 10.0


def _skill_axes(ax: Axes, name: str, shifts: list[SkillShift],
                scale: tuple[float, float]) -> None:
    """One skill's arrows, one row per arm, from 0 to the arm's change on ``scale``, each
    labelled with its change in the right margin; the title gives the participants' lead.
    """
    rows = (-0.6, len(shifts) - 0.4)
    ax.set_ylim(*rows)
    fig = ax.get_figure()
    box = ax.get_position()  # points per unit of skill (x) and per row (y)
    per_x = box.width * fig.get_figwidth() * 72 / (scale[1] - scale[0])
    per_y = box.height * fig.get_figheight() * 72 / (rows[1] - rows[0])
    for row, s in enumerate(shifts):
        y = len(shifts) - 1 - row
        head = min(ARROW_HEAD, abs(s.change) * per_x / 2)
        arrow = ax.arrow(0.0, y, s.change, 0.0, width=ARROW_SHAFT / per_y,
                         head_width=ARROW_HEAD_WIDTH / per_y, head_length=head / per_x,
                         length_includes_head=True, color=s.colour, lw=0)
        arrow.set_gid(f"{ARROW_GID}:{s.skill}:{s.arm}")
        ax.text(1.02, y, signed(s.change), transform=ax.get_yaxis_transform(),
                color=s.colour, fontsize=TEXT, va="center", ha="left", fontweight="bold")
    ax.set_yticks([])
    ax.axvline(0.0, color="black", lw=1)
    ax.grid(axis="x", which="major", alpha=0.5)
    ax.grid(axis="x", which="minor", alpha=0.15)
    if len(shifts) == 2:
        lead = shifts[0].change - shifts[1].change
        ax.set_title(f"{name}: participants {signed(lead)} against the {shifts[1].arm}",
                     fontsize=TITLE, loc="left")
    else:
        ax.set_title(name, fontsize=TITLE, loc="left")


def arrow_spans(fig: Figure) -> dict[str, tuple[float, float]]:
    """Where each of the skills panel's arrows starts and ends along its axis, in pixels
    of the picture, by its tag (see `ARROW_GID`); and, under ``"hundredth"``, the length of
    one hundredth of skill on that axis (from 0 to 0.01)."""
    out: dict[str, tuple[float, float]] = {}
    for ax in fig.axes:
        arrows = [p for p in ax.patches
                  if isinstance(p, FancyArrow) and (p.get_gid() or "").startswith(ARROW_GID)]
        for arrow in arrows:  # the tail lies at 0, the tip farthest from it
            x = arrow.get_xy()[:, 0]
            ends = [(x[np.argmin(np.abs(x))], 0.0), (x[np.argmax(np.abs(x))], 0.0)]
            (start, _), (end, _) = ax.transData.transform(ends)
            out[arrow.get_gid()] = (float(start), float(end))
        if arrows:
            (zero, _), (hundredth, _) = ax.transData.transform([(0.0, 0.0), (0.01, 0.0)])
            out["hundredth"] = (float(zero), float(hundredth))
    return out


def skills_figure(model: TeachingModel) -> Figure:
    """Formal and informal skill: arrows from 0 to the change in the mean since week 0
    of the participants (black) and the group they are compared with (grey).

    The scale is fixed (`SKILL_SCALE`) with a tick every hundredth, so the skills channel
    shows as the participants' arrow outgrowing the control group's, by a length a room
    can see and compare between runs.
    """
    shifts = skill_shifts(model)
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    axes = fig.subplots(2, 1, sharex=True)
    fig.subplots_adjust(left=0.05, right=0.85, bottom=0.3, top=0.83, hspace=0.55)
    low, high = skill_scale(shifts)
    for ax, (skill, name) in zip(axes, SKILLS, strict=True):
        ax.tick_params(labelsize=SMALL_TEXT)
        ax.set_xlim(low, high)
        _skill_axes(ax, name, [s for s in shifts if s.skill == skill], (low, high))
    axes[1].xaxis.set_major_locator(MultipleLocator(SKILL_TICK))
    axes[1].xaxis.set_minor_locator(MultipleLocator(0.01))
    axes[1].set_xlabel("change since week 0 (0-1 skill scale; a tick: 0.01)",
                       fontsize=TEXT)
    widened = "; scale widened" if (low, high) != SKILL_SCALE else ""
    fig.suptitle(f"Skills, week 0 to week {model.week}{widened}", fontsize=TITLE)
    if not shifts:
        axes[0].text(0.5, 0.5, "No participants yet: the programme has not started",
                     ha="center", va="center", fontsize=TEXT, color="#666666",
                     transform=axes[0].transAxes)
        return fig
    arms = {s.arm: s for s in shifts}.values()
    handles = [Line2D([], [], color=s.colour, lw=5) for s in arms]
    labels = [f"{s.arm} ({s.size})" for s in arms]
    fig.legend(handles, labels, loc="lower center", ncols=2, fontsize=SMALL_TEXT,
               frameon=False)
    return fig


def beliefs_figure(model: TeachingModel) -> Figure:
    """What employers believe about immigrant applicants' skills, against the truth."""
    b = pd.DataFrame(model.beliefs).set_index("week")
    fig, (ax,) = new_figure(left=0.17, top=0.84, bottom=0.34)
    ax.plot(b.index, b["truth"], color="black", ls="--", lw=1.5,
            label="true shortfall (immigrants vs majority)")
    ax.plot(b.index, b["all"], color=network.EMPLOYER, lw=2, label="all employers believe")
    if b["exposed"].notna().any():
        ax.plot(b.index, b["exposed"], color=network.PROGRAMME, lw=2,
                label="employers touched by the programme")
    mark_intake(ax, model)
    week_axis(ax, model)
    top = float(np.nanmax(b[["truth", "all", "exposed"]].to_numpy(dtype=float)))
    ax.set_ylim(min(0.0, float(np.nanmin(b["truth"]))), max(top * 1.25, 0.01))
    ax.set_ylabel("immigrants' skill shortfall\n(0-1 skill scale)", fontsize=TEXT)
    gap = b["all"].iloc[-1] - b["truth"].iloc[-1]
    verdict = "underrate" if gap > 0 else "overrate"
    ax.set_title(f"Employers' belief about immigrant applicants\nat week {model.week} they "
                 f"{verdict} them by {abs(gap):.3f} on average", fontsize=TITLE)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=1, fontsize=SMALL_TEXT,
               frameon=False)
    return fig


def network_caption(model: TeachingModel) -> str:
    """What the network picture shows this week, in one line (shown above it)."""
    people = model.world.people
    out = int((people.employer < 0).sum())
    return f"Week {model.week}: {out} of {people.n:,} people out of work"


def network_figure(model: TeachingModel) -> Figure:
    """The network picture alone (its caption and legend are the page's text)."""
    fig = Figure(figsize=NETWORK_SIZE, dpi=DPI)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    network.draw_network(ax, model.world, fontsize=SMALL_TEXT)
    return fig
