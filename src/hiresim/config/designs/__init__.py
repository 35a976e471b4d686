"""Experimental designs over model parameters: one module per design.

Every design turns the experiment's factors into a points table (one row per design
point, one column per factor, in the parameter's own type). Sampling designs draw in the
unit hypercube with SALib and map each coordinate to a factor value (`Factor.from_unit`);
they keep the unit coordinates so that their analysis sees exactly what was sampled.

- `grid`: every combination of listed levels (full factorial).
- `lhs`: Latin hypercube (SALib ``latin``), for response surfaces.
- `sobol`: Saltelli's scheme on a scrambled Sobol' sequence with Sobol' indices.
- `morris`: Morris trajectories with elementary effects (screening).
"""

from __future__ import annotations

from types import ModuleType

from . import grid, lhs, morris, sobol
from .factors import UNIT_PREFIX, Factor, points_table, problem, unit_matrix

#: Design name -> module with ``Options`` (the model of its options), ``SAMPLES`` (what
#: its sample size counts, None for a grid), ``size(factors, samples, options)``,
#: ``points(factors, samples, seed, options)`` and, for sensitivity designs,
#: ``analyze(factors, points, outcome, options, seed)``.
DESIGNS: dict[str, ModuleType] = {"grid": grid, "lhs": lhs, "sobol": sobol, "morris": morris}

__all__ = ["DESIGNS", "UNIT_PREFIX", "Factor", "points_table", "problem", "unit_matrix"]
