"""The teaching dashboard's sliders, menus and switches, built from the parameter schema.

Every input's kind, range and choices come from the field in `Params` or `Programme`:
a bool becomes a switch, a ``Literal`` a menu of its choices, an int or float with
bounds a slider over those bounds. Only the labels are written here, so that a room
reads "Meetings per month" rather than ``meetings_per_month``. The dictionaries are in
the format Mesa's ``SolaraViz(model_params=...)`` expects.
"""

from __future__ import annotations

import math
import typing
from typing import Any

from pydantic import BaseModel

from ..params.bounds import field_bounds
from ..params.schema import Params, Programme

#: Programme levers offered in the app (docs/model.md §7), in the order they are shown.
LEVERS = (
    "meetings_per_month", "face_to_face_share", "matching", "selection", "role_training",
    "plenary_every_weeks", "followup", "gap_diagnosis", "evaluation",
)
#: Mechanism switches: each of the report's three factors on or off (docs/model.md §1).
SWITCHES = ("skills_channel", "signalling_channel", "employer_learning")

LABELS = {
    "meetings_per_month": "Meetings per month",
    "face_to_face_share": "Share of meetings face to face",
    "matching": "Matching of mentor and mentee",
    "selection": "Selection of participants",
    "role_training": "Role training before launch",
    "plenary_every_weeks": "Plenary session every ... weeks (0: none)",
    "followup": "Follow-up by the programme manager",
    "gap_diagnosis": "Gap diagnosis (meetings on the real gap)",
    "evaluation": "Evaluation (rct: a control group)",
    "skills_channel": "Factor 1: skills channel",
    "signalling_channel": "Factor 2: signalling channel (CV, interview, referrals)",
    "employer_learning": "Factor 3: employers learn from hires",
}
SEED_LABEL = "Random seed (same seed: same people)"
SEED_RANGE = (1, 100)  # the seed slider's range, unless the first seed lies outside it
SLIDER_POSITIONS = 100  # a float slider has about this many steps over its range


def label(name: str) -> str:
    """The words shown next to an input."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """The schema's lower and upper bound of a field (None where unbounded)."""
    b = field_bounds(model.model_fields[name])
    return (None if b.low == -math.inf else b.low), (None if b.high == math.inf else b.high)


def nice_step(span: float, positions: int = SLIDER_POSITIONS) -> float:
    """The smallest of 1, 2 or 5 times a power of ten giving at most ``positions`` steps."""
    if span <= 0:
        return 1.0
    raw = span / positions
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw * (1 - 1e-9):
            return round(factor * power, 12)
    return 10 * power  # pragma: no cover


def user_input(model: type[BaseModel], name: str, value: Any,
               upper: float | None = None) -> dict[str, Any]:
    """One Mesa user input for schema field ``name``, starting at ``value``.

    ``upper`` narrows the schema's upper bound where a larger value means nothing more
    (a plenary interval longer than the programme is the same as none).
    """
    field = model.model_fields[name]
    ann = field.annotation
    text = label(name)
    if ann is bool:
        return {"type": "Checkbox", "value": bool(value), "label": text}
    if typing.get_origin(ann) is typing.Literal:
        return {"type": "Select", "value": value, "values": list(typing.get_args(ann)),
                "label": text}
    lo, hi = bounds(model, name)
    if ann not in (int, float) or lo is None or hi is None:
        raise TypeError(f"{name}: the app has no input for {ann} without both bounds")
    if upper is not None:
        hi = max(lo, min(hi, upper))
    if ann is int:
        return {"type": "SliderInt", "value": int(min(max(value, lo), hi)), "min": int(lo),
                "max": int(hi), "step": 1, "label": text}
    step = nice_step(hi - lo)
    return {"type": "SliderFloat", "value": float(min(max(value, lo), hi)), "min": float(lo),
            "max": float(hi), "step": step, "label": text}


def seed_range(seed: int) -> tuple[int, int]:
    """The seed slider's range: `SEED_RANGE`, or a hundred seeds from ``seed`` when it
    lies outside (a scenario's seed, such as 2019, is the first run's seed)."""
    lo, hi = SEED_RANGE
    return (lo, hi) if lo <= seed <= hi else (seed, seed + hi - lo)


def shared_levers(params: Params) -> dict[str, Any]:
    """The programme levers on which all of ``params``' programmes agree, with their value.

    A lever set differently in different programmes keeps the scenario's values (a
    slider would set every programme alike); without a programme there are no levers.
    """
    out = {}
    for name in LEVERS:
        values = {getattr(p, name) for p in params.programmes}
        if len(values) == 1:
            out[name] = values.pop()
    return out


def model_params(params: Params, seed: int = 1) -> dict[str, Any]:
    """Mesa ``model_params`` for the teaching model on market ``params``.

    The fixed entry ``params`` carries the market; the levers, the mechanism switches
    and the seed (starting at ``seed``) are inputs, applied when the model is reset.
    """
    out: dict[str, Any] = {"params": params}
    longest = max((p.duration_weeks for p in params.programmes), default=None)
    for name, value in shared_levers(params).items():
        upper = longest if name == "plenary_every_weeks" else None
        out[name] = user_input(Programme, name, value, upper)
    for name in SWITCHES:
        out[name] = user_input(Params, name, getattr(params, name))
    lo, hi = seed_range(int(seed))
    out["rng"] = {"type": "SliderInt", "value": int(seed), "min": lo, "max": hi, "step": 1,
                  "label": SEED_LABEL}
    return out
