"""The model as the teaching app drives it (`TeachingModel`): a `HireModel` that also
remembers what the app's pictures compare."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model.metrics import true_gaps
from ..model.model import HireModel
from ..model.tally import tally
from ..params.schema import Params


class TeachingModel(HireModel):
    """`HireModel` as the dashboard drives it, remembering what the pictures compare.

    Parameters are keywords on top of the market ``params`` (a programme lever applies to
    every programme), as Mesa's visualisation passes them. Mesa 3.5 and later also pass
    their own ``scenario`` object on Reset; the model's parameters are its keywords, so
    it is not used.
    """

    def __init__(self, params: Params | dict | None = None, *, rng: Any = None,
                 scenario: Any = None, **kwargs: Any):
        super().__init__(params, rng=rng, **kwargs)
        people = self.world.people
        self.start_formal = people.formal.copy()
        self.start_informal = people.informal.copy()
        self.start_contacts = (people.contacts >= 0).sum(axis=1)
        self.beliefs: list[dict[str, float]] = []
        self._record_beliefs()

    def step(self) -> None:
        """One week, then the employers' beliefs for the belief chart."""
        super().step()
        self._record_beliefs()

    def _record_beliefs(self) -> None:
        w, emp = self.world, self.world.employers
        weight = self.params.formal_weight
        shares = np.asarray(self.params.origin_shares)  # over regions, as immigrants are
        believed = (weight * emp.gap_formal + (1 - weight) * emp.gap_informal) @ shares
        formal, informal = true_gaps(tally(w))
        self.beliefs.append({
            "week": w.week,
            "all": float(believed.mean()),
            "exposed": float(believed[emp.exposed].mean()) if emp.exposed.any() else np.nan,
            "truth": float(shares @ (weight * formal + (1 - weight) * informal)),
        })
