"""Numbers as the report and the terminal summary write them: effects with their 95 %
intervals in their unit (`fmt_effect`), levels of the outcomes (`fmt_level`), and
whether an interval excludes zero, in words (`clear`)."""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["clear", "finite", "fmt_effect", "fmt_level", "fmt_number", "fmt_row"]


def finite(x: object) -> bool:
    """Whether ``x`` is a finite number."""
    return isinstance(x, (int, float)) and math.isfinite(x)


def _decimals(values: tuple[float, ...], unit: str) -> int:
    """Enough decimals for two significant digits of the largest value shown."""
    if unit == "NOK":
        return 0
    scale = 100.0 if unit == "share" else 1.0
    big = max((abs(v) * scale for v in values if finite(v) and abs(v) * scale >= 1e-9),
              default=0.0)
    if big == 0.0:
        return 1
    least, most = {"share": (1, 3), "persons": (1, 2)}.get(unit, (3, 6))
    return int(min(most, max(least, 1 - math.floor(math.log10(big)))))


def fmt_number(x: float, unit: str, signed: bool = True, decimals: int | None = None) -> str:
    """One number in its unit (shares in percentage points), with a sign unless
    ``signed`` is false, typographic minus, and no "−0.0"."""
    if x is None or not isinstance(x, (int, float)) or math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    d = _decimals((x,), unit) if decimals is None else decimals
    value = x * 100 if unit == "share" else x
    text = f"{value:,.{d}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")  # no "−0.0"
    elif signed and value > 0:
        text = "+" + text
    return text.replace("-", "−")


def fmt_effect(mean: float, lo: float, hi: float, unit: str) -> str:
    """``+3.1 pp [+1.2, +5.0]`` style: the mean and its 95 % interval, in its unit
    (``pp`` for shares, ``NOK`` for money).

    A cost per job whose interval has no upper bound (the jobs it divides by could be
    zero) keeps its mean, with an open interval: ``400,000 NOK [300,000, no upper
    bound]``; when the mean number of jobs is not above zero either, there is no cost
    per job to show, and the text says so.
    """
    suffix = {"share": " pp", "NOK": " NOK"}.get(unit, "")
    signed = unit != "NOK"
    open_ended = unit == "NOK" and finite(lo) and not finite(hi)
    if open_ended and not finite(mean):
        return f"no jobs gained on average (from {fmt_number(lo, unit, False)} NOK a job, if any)"
    if not finite(mean):
        return "–"
    d = _decimals((mean, lo, hi), unit)
    text = fmt_number(mean, unit, signed, d) + suffix
    if open_ended:
        text += f" [{fmt_number(lo, unit, signed, d)}, no upper bound]"
    elif finite(lo) or finite(hi):
        text += f" [{fmt_number(lo, unit, signed, d)}, {fmt_number(hi, unit, signed, d)}]"
    return text


def fmt_row(row: pd.Series) -> str:
    """An effects-table row as ``mean [low, high]`` in its unit."""
    return fmt_effect(row["mean"], row["ci_low"], row["ci_high"], row["unit"])


def fmt_level(mean: float, lo: float, hi: float, unit: str) -> str:
    """A level of an outcome (not a difference) with its interval: shares in per cent,
    counts with one decimal, other levels with three."""
    if isinstance(mean, float) and math.isnan(mean):
        return "–"
    if unit == "share":
        return f"{mean * 100:.1f} % [{lo * 100:.1f}, {hi * 100:.1f}]" if math.isfinite(lo) \
            else f"{mean * 100:.1f} %"
    if unit == "count":
        return f"{mean:,.1f} [{lo:,.1f}, {hi:,.1f}]" if math.isfinite(lo) else f"{mean:,.1f}"
    return f"{mean:.3f} [{lo:.3f}, {hi:.3f}]" if math.isfinite(lo) else f"{mean:.3f}"


def clear(lo: float, hi: float) -> str:
    """Whether an interval excludes zero, in words."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "too few replications for an interval"
    if lo > 0:
        return "clearly positive"
    if hi < 0:
        return "clearly negative"
    return "not distinguishable from zero"
