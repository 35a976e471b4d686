"""Compiled loops: the one decorator, and the few building blocks the loops share.

A week at national scale is bound by memory traffic: a numpy expression over a million
rows reads and writes whole arrays once per operation, while a compiled loop reads each
row once and does all its work there. The loops compiled here do only integer
arithmetic, comparisons and IEEE additions, multiplications and divisions, in the same
order as the numpy expressions they replace (no fast-math, no reassociation, no
transcendental functions), so results are bit-identical to the vectorised code. Compiled
code is cached on disk, so only the first run on a machine pays for compilation.

Building blocks: `prefetch` (start loading a row that a later iteration reads) and
`append_rows` (scan for rare rows in blocks of 64, with `trailing_zeros`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba
import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic


def njit(func: Callable[..., Any] | None = None, *, inline: bool = False,
         allocates: bool = False) -> Any:
    """Compile ``func`` for one core, cached on disk, with numpy's error semantics.

    Array arguments are not reference-counted (numba's runtime is off) unless the loop
    ``allocates`` arrays: none of these loops keeps an array beyond the call, and each
    count is an atomic operation on every call of a helper. ``@njit(inline=True)`` is for
    small helpers called once per row from another compiled loop: they are compiled into
    it. Numba's disk cache does not notice when a helper defined in another module
    changes, nor a change of these options; ``make clean`` (or deleting ``__pycache__``)
    recompiles everything.
    """
    # `_nrt` is numba's switch for its runtime (reference counts, allocation).
    options = {"cache": True, "nogil": True, "error_model": "numpy", "boundscheck": False,
               "_nrt": allocates}
    if inline:
        options["inline"] = "always"
    if func is None:
        return numba.njit(**options)
    return numba.njit(**options)(func)


@intrinsic
def prefetch(typingctx: Any, array: types.Array, index: types.Integer) -> Any:
    """Ask the processor to start loading ``array[index]`` (of a 1-d array) into cache.

    A hint only (LLVM's ``llvm.prefetch``; it never faults and changes no value): loops
    that visit rows of a large array in an order the hardware cannot predict issue it a
    few rows ahead, so that the memory latencies overlap instead of adding up.
    """
    if not (isinstance(array, types.Array) and array.ndim == 1
            and isinstance(index, types.Integer)):
        return None

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        address = builder.bitcast(builder.gep(data, [args[1]]), ir.IntType(8).as_pointer())
        i32 = ir.IntType(32)
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [address.type, i32, i32, i32]),
            "llvm.prefetch.p0i8")
        # read (0), keep in all cache levels (3), data cache (1)
        builder.call(fn, [address, i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen


@intrinsic
def trailing_zeros(typingctx: Any, x: types.Integer) -> Any:
    """The number of trailing zero bits of a nonzero integer (LLVM's ``llvm.cttz``)."""
    if not isinstance(x, types.Integer):
        return None

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        word = args[0].type
        fn = builder.module.declare_intrinsic(
            "llvm.cttz", [word], ir.FunctionType(word, [word, ir.IntType(1)]))
        return builder.call(fn, [args[0], ir.Constant(ir.IntType(1), 1)])

    return x(x), codegen


@njit(inline=True)
def append_rows(bits: np.uint64, base: int, out: np.ndarray, n: int) -> int:
    """Write ``base + k`` to ``out[n], out[n + 1], ...`` for each set bit k of ``bits``,
    lowest first; returns the new ``n``.

    With it a scan for rare rows runs in blocks of 64: a branch-free (vectorisable) pass
    makes the block's bit mask, and only set bits cost a step.
    """
    while bits:
        out[n] = base + np.int64(trailing_zeros(bits))
        n += 1
        bits &= bits - np.uint64(1)
    return n
