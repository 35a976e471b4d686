"""Compiled loops: the one decorator for the few loops that pass over every person.

A week at national scale is bound by memory traffic: a numpy expression over a million
rows reads and writes whole arrays once per operation, while a compiled loop reads each
row once and does all its work there. The loops compiled here do only integer
arithmetic, comparisons and IEEE additions, multiplications and divisions, in the same
order as the numpy expressions they replace (no fast-math, no reassociation, no
transcendental functions), so results are bit-identical to the vectorised code. Compiled
code is cached on disk, so only the first run on a machine pays for compilation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba


def njit(func: Callable[..., Any]) -> Callable[..., Any]:
    """Compile ``func`` for one core, cached on disk, with numpy's error semantics."""
    return numba.njit(cache=True, nogil=True, error_model="numpy", boundscheck=False)(func)
