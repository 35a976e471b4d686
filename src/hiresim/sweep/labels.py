"""What a sweep's metrics and factors are called on the page, and in which unit.

Nothing here is a second table: labels and units come from the estimands
(`model.estimands.ESTIMANDS`), the weekly metrics' definitions
(`model.metric_definitions`) and the parameter reference (`params.reference`), the
sources `hiresim metrics` and `hiresim params` print. Shares are shown as the report
shows them: levels in per cent, differences (effects) in percentage points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..model.estimands import ESTIMANDS
from ..model.metric_definitions import metric_definitions
from ..model.simulate import EFFECT_SUFFIX
from ..params.reference import parameter_table
from ..pipeline.intervals import Range, difference_range, level_range


@dataclass(frozen=True)
class Measure:
    """A kept metric as people read it.

    ``scale`` turns a stored value into the shown one (100 for shares); ``unit`` is the
    shown unit ("%", "percentage points", "persons", "NOK", ...), ``short`` its
    abbreviation after a number; ``effect`` says the value is a difference whose
    natural reference is 0 (an estimand or a ``_effect`` metric); ``within`` is the range
    the stored value cannot leave, to which its intervals are clipped
    (`hiresim.pipeline.intervals`).
    """

    name: str
    label: str
    unit: str
    short: str
    scale: float
    effect: bool
    definition: str
    within: Range | None = None

    def value(self, x: float, sign: bool | None = None) -> str:
        """``x`` (as stored) in the shown unit, e.g. "+1.2 pp", "43.0 %", "-6 persons"."""
        v = x * self.scale
        sign = self.effect if sign is None else sign
        text = self._number(v, self._digits(abs(v)), sign)
        return f"{text} {self.short}".rstrip()

    def _digits(self, magnitude: float) -> int:
        """Decimals: one for per cent and percentage points, else by magnitude."""
        if self.scale == 100:
            return 1
        return 0 if magnitude >= 100 or magnitude == 0 else 1 if magnitude >= 1 else 3

    @staticmethod
    def _number(v: float, digits: int, sign: bool) -> str:
        return f"{v:+,.{digits}f}" if sign else f"{v:,.{digits}f}"

    def interval(self, mean: float, low: float, high: float) -> str:
        """"+1.2 pp [0.4, 2.0]": a mean and its interval in the shown unit, with as many
        decimals as the largest of the three needs."""
        if not (low == low and high == high):  # NaN: a single replication
            return f"{self.value(mean)} (no interval: one replication)"
        s = self.scale
        digits = self._digits(max(abs(mean * s), abs(low * s), abs(high * s)))
        text = self._number(mean * s, digits, self.effect)
        return (f"{text} {self.short} "
                f"[{self._number(low * s, digits, False)}, "
                f"{self._number(high * s, digits, False)}]")


def _shown(unit: str, effect: bool) -> tuple[str, str, float]:
    """(unit, abbreviation, scale) for a stored unit."""
    if unit == "share":  # a level in per cent, a difference in percentage points
        return ("percentage points", "pp", 100.0) if effect else ("%", "%", 100.0)
    if unit.startswith("NOK"):
        return unit, "NOK", 1.0
    return unit, unit.split(" (")[0], 1.0


@cache
def _weekly() -> dict[str, tuple[str, str]]:
    return {m.name: (m.unit, m.definition) for m in metric_definitions()}


def measure(name: str) -> Measure:
    """The label, unit and scale of a metric an experiment may keep (an estimand, a
    weekly metric, or a weekly metric's effect ``<metric>_effect``)."""
    if name in ESTIMANDS:
        e = ESTIMANDS[name]
        unit, short, scale = _shown(e.unit, True)
        return Measure(name, e.label, unit, short, scale, True, e.meaning,
                       difference_range(e.unit))
    effect = name.endswith(EFFECT_SUFFIX) and name not in _weekly()
    base = name.removesuffix(EFFECT_SUFFIX) if effect else name
    if base not in _weekly():
        raise KeyError(f"no definition of the metric {name!r} (hiresim metrics lists them)")
    unit, definition = _weekly()[base]
    shown, short, scale = _shown(unit, effect)
    clause = definition.split(": ")[0]  # the definition's first clause
    text = clause[0].upper() + clause[1:]
    if effect:
        return Measure(name, f"Programme effect on: {clause}", shown, short, scale, True,
                       f"{definition}, programme world minus its twin world",
                       difference_range(unit))
    return Measure(name, text, shown, short, scale, False, definition, level_range(unit))


@cache
def _parameter_units() -> dict[str, str]:
    return {r["name"]: r["unit"] for r in parameter_table()}


def factor_label(name: str) -> str:
    """A factor as people read it, with its parameter's unit unless the name says it:
    "separation rate (per week)", "meetings per month"."""
    unit = _parameter_units().get(name, "")
    words = name.replace("_", " ")
    said = unit.replace("/", " per ") in words  # "meetings per month (meetings/month)"
    return f"{words} ({unit})" if unit and unit not in ("-", "0-1") and not said else words
