"""The report's tables as text cells: the effects by estimand family (`effects_tables`),
each evaluation estimate next to the truth it estimates (`bias_table`), and the outcomes
in each world (`summary_tables`). The report's template lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..model.estimands import ESTIMANDS, TARGETS
from ..pipeline.evaluation import PROGRAMME, TWIN
from .formatting import fmt_level, fmt_row

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["Column", "Row", "Table", "bias_table", "effects_tables", "summary_tables"]


class Column(NamedTuple):
    """A column heading, with a smaller note under it."""

    name: str
    note: str = ""


class Row(NamedTuple):
    """A row: its label, a definition shown on hover, and one cell per column (empty
    where there is no value)."""

    label: str
    cells: list[str]
    meaning: str = ""


@dataclass(frozen=True)
class Table:
    """A table of labelled rows under a heading (none if empty)."""

    title: str
    columns: list[Column]
    rows: list[Row]


_SUMMARY_METRICS = [
    ("employment_rate_majority", "Employment, majority", "share"),
    ("employment_rate_immigrant", "Employment, immigrants", "share"),
    ("right_level_rate_immigrant", "Immigrants at the right level", "share"),
    ("out_of_field_rate_immigrant", "Employed immigrants working outside their field",
     "share"),
    ("employment_rate_treatment", "Participants employed", "share"),
    ("right_level_rate_treatment", "Participants at the right level", "share"),
    ("hired_since_intake_treatment", "Participants hired since intake", "share"),
    ("employment_rate_eligible", "Eligible non-participants employed", "share"),
    ("employment_rate_control", "Control group employed (RCT)", "share"),
    ("formal_treatment", "Participants' formal skill", "level"),
    ("informal_treatment", "Participants' informal skill", "level"),
    ("callbacks_per_application_majority", "Callbacks per application, majority", "share"),
    ("callbacks_per_application_immigrant", "Callbacks per application, immigrants", "share"),
    ("callbacks_per_application_ratio", "Callback ratio majority/immigrant", "level"),
    ("hires_per_application_ratio", "Hire ratio majority/immigrant", "level"),
    ("dyads_active", "Active mentor pairs", "count"),
    ("dyads_dormant", "Dormant mentor pairs", "count"),
    ("belief_gap", "Employer belief gap", "level"),
    ("immigrant_share_staff", "Immigrant share of staff", "share"),
    ("unemployed", "Unemployed persons", "count"),
]

#: The columns of `bias_table`.
BIAS_COLUMNS = ("variant", "months", "what an evaluation reports", "its estimate",
                "the truth (twin world)", "gap")


def effects_tables(result: ScenarioResult, families: tuple[str, ...]) -> list[Table]:
    """The estimands of ``families``: one table per horizon with a column per variant,
    or, for a single variant, one table with a column per horizon (no table without
    estimates)."""
    e = result.effects[result.effects["estimand"].map(lambda x: ESTIMANDS[x].family)
                       .isin(families)]
    if e.empty:
        return []
    variants = list(dict.fromkeys(e["variant"]))
    horizons = sorted(e["horizon"].unique())
    if len(variants) == 1:
        blocks = [("", [(f"{h:g} months", e[e["horizon"] == h]) for h in horizons])]
    else:
        blocks = [(f"{h:g} months after intake",
                   [(v, e[(e["horizon"] == h) & (e["variant"] == v)]) for v in variants])
                  for h in horizons]
    tables = []
    for title, columns in blocks:
        rows = []
        for est, info in ESTIMANDS.items():
            cells = []
            for _, sub in columns:
                r = sub[sub["estimand"] == est]
                cells.append(fmt_row(r.iloc[0]) if len(r) else "")
            if any(cells):
                rows.append(Row(info.label, cells, info.meaning))
        tables.append(Table(title, [Column(name) for name, _ in columns], rows))
    return tables


def bias_table(result: ScenarioResult) -> list[list[str]]:
    """Each evaluation estimate next to the truth it estimates, and the gap (paired by
    replication, with its interval): rows of `BIAS_COLUMNS` (none without twin worlds)."""
    e = result.effects
    if not result.scenario.twin or e.empty:
        return []
    rows = []
    for (v, h), sub in e.groupby(["variant", "horizon"], sort=False):
        sub = sub.set_index("estimand")
        for est, target in TARGETS.items():
            if est not in sub.index or f"bias_{est}" not in sub.index:
                continue
            rows.append([v, f"{h:g}", ESTIMANDS[est].label, fmt_row(sub.loc[est]),
                         fmt_row(sub.loc[target]), fmt_row(sub.loc[f"bias_{est}"])])
    return rows


def summary_tables(result: ScenarioResult) -> list[Table]:
    """The outcomes at intake and at each horizon: a column per variant and world, a
    row per metric that has a value."""
    s = result.summary
    worlds = [PROGRAMME, TWIN] if result.scenario.twin else [PROGRAMME]
    cols = [(v, w) for v in result.infos for w in worlds
            if w == PROGRAMME or result.infos[v].has_programme]
    tables = []
    for h in sorted(s["horizon"].unique()):
        sub = s[s["horizon"] == h].set_index(["variant", "world", "metric"])
        rows = []
        for metric, label, unit in _SUMMARY_METRICS:
            cells = []
            for v, w in cols:
                key = (v, w, metric)
                if key in sub.index:
                    r = sub.loc[key]
                    cells.append(fmt_level(r["mean"], r["ci_low"], r["ci_high"], unit))
                else:
                    cells.append("")
            if any(c not in ("", "–") for c in cells):
                rows.append(Row(label, cells))
        title = "At intake" if h == 0 else f"{h:g} months after intake"
        tables.append(Table(title, [Column(v, w) for v, w in cols], rows))
    return tables
