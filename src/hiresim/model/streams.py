"""Named random streams: common random numbers indexed by (stream, week, agent, key).

Every random decision draws from a counter-based generator: the number a person gets
from the ``"search"`` stream in week 12 depends only on the run seed, the stream's name,
the week, the person's index and an optional key (a vacancy's serial number, a draw
number). It does not depend on how many other draws were made before, so a world with a
programme and its twin without one share every draw the programme did not change, and
one extra event changes exactly the outcomes it touches (Starsim's common random numbers).

The generator is the SplitMix64 finaliser applied twice to the combined counter; its
output passes standard statistical batteries when fed distinct counters. The hashing is
one compiled loop (`hiresim.model.jit`) that turns each counter into its number in registers.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
from scipy.special import ndtri

from .jit import njit

_MASK = (1 << 64) - 1
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = 0x9E3779B97F4A7C15
_KEY_MUL = np.uint64(0xD1B54A32D192ED03)
_S30, _S27, _S31, _S11 = (np.uint64(s) for s in (30, 27, 31, 11))
_TO_UNIT = 2.0**-53
#: Poisson counts stop here, as the inversion always has (a guard for huge means).
_POISSON_MAX = 1001


def _mix_scalar(x: int) -> int:
    x &= _MASK
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _mix_words(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser of every word of ``x`` (in place, in numpy passes); compiled
    for one word, it is `_mix`, which compiled loops call."""
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


#: SplitMix64 finaliser of one 64-bit word, inside compiled loops.
_mix = njit(inline=True)(_mix_words)


@njit(inline=True)
def _unit(x: np.uint64) -> float:
    """The uniform number in (0, 1) made of the top 53 of 64 random bits."""
    return (np.float64(np.int64(x >> _S11)) + 0.5) * _TO_UNIT


@njit(inline=True)
def _finish(x: np.uint64, out: np.ndarray, i: int, unit: bool) -> None:
    """Store 64 bits, or the uniform number in (0, 1) made of their top 53 bits."""
    if unit:
        out[i] = _unit(x)
    else:
        out[i] = x


class Counter(NamedTuple):
    """The two words that select one stream in one week (`Streams.counter`): all a
    compiled loop needs to draw that stream's numbers (`counter_uniform`)."""

    base: np.uint64
    final: np.uint64


@njit(inline=True)
def word_uniform(agent: int, key_word: np.uint64, stream: Counter) -> float:
    """Inside compiled loops: the number of ``agent`` whose key's word is ``key_word``
    in the ``stream`` and week of `Streams.counter`."""
    x = (np.uint64(agent) * _KEY_MUL) ^ key_word
    return _unit(_mix(_mix(x + stream.base) ^ stream.final))


@njit(inline=True)
def counter_uniform(agent: int, key: int, stream: Counter) -> float:
    """Inside compiled loops: the number `Streams.uniform` gives ``agent`` with ``key``
    (0: no key) as an element of a key array, in the ``stream`` and week of
    `Streams.counter`."""
    return word_uniform(agent, _mix(np.uint64(key)), stream)


def key_word(key: int) -> np.uint64:
    """The word of a key given as one integer for every agent (`Streams.uniform` with an
    int ``key``), for `word_uniform`."""
    return np.uint64(_mix_scalar(int(key) + _GOLDEN) if key else 0)


@njit
def _hash_keyed(ids: np.ndarray, keys: np.ndarray, base: np.uint64, final: np.uint64,
                out: np.ndarray, unit: bool) -> None:
    """Counters (``ids[i]``, ``keys[i]``) to random numbers."""
    for i in range(ids.shape[0]):
        x = (np.uint64(ids[i]) * _KEY_MUL) ^ _mix(np.uint64(keys[i]))
        _finish(_mix(_mix(x + base) ^ final), out, i, unit)


@njit
def _hash(ids: np.ndarray, key: np.uint64, base: np.uint64, final: np.uint64,
          out: np.ndarray, unit: bool) -> None:
    """Counters ``ids[i]`` with one key word to random numbers.

    Two independent halves per iteration: the multiplications of one overlap with the
    other's, which is faster than either one chain or the compiler's vector code.
    """
    n = ids.shape[0]
    h = n - n // 2
    for i in range(n // 2):
        x = _mix(_mix(((np.uint64(ids[i]) * _KEY_MUL) ^ key) + base) ^ final)
        y = _mix(_mix(((np.uint64(ids[i + h]) * _KEY_MUL) ^ key) + base) ^ final)
        _finish(x, out, i, unit)
        _finish(y, out, i + h, unit)
    if n % 2:
        i = n // 2
        _finish(_mix(_mix(((np.uint64(ids[i]) * _KEY_MUL) ^ key) + base) ^ final), out, i,
                unit)


def bits_reference(streams: Streams, name: str, week: int, ids: np.ndarray,
                   key: np.ndarray | int) -> np.ndarray:
    """The readable definition of `Streams.bits` (and so of every draw): the counter of
    each id and key, hashed in numpy passes over all of them; `_hash` and `_hash_keyed`
    compute the same words in one compiled loop."""
    base = _mix_scalar(streams._stream_key(name) + (int(week) + 1) * _GOLDEN)
    x = np.asarray(ids).astype(np.uint64, copy=True)
    x *= _KEY_MUL
    if isinstance(key, np.ndarray):
        x ^= _mix_words(key.astype(np.uint64, copy=True))
    elif key:
        x ^= np.uint64(_mix_scalar(int(key) + _GOLDEN))
    x += np.uint64(base)
    _mix_words(x)
    x ^= np.uint64(_mix_scalar(base ^ _GOLDEN))
    return _mix_words(x)


@njit(inline=True)
def count_below(table: np.ndarray, u: float, cap: int) -> int:
    """How many entries of the increasing ``table`` lie below ``u`` (``cap`` where all
    do): a Poisson count from the table of `Streams.poisson_table`. Counted without
    branches: the tables of small means are short and a search would mispredict."""
    m = table.shape[0]
    k = 0
    for t in range(m):
        k += table[t] < u
    return cap if k == m else k


@njit
def _count_below(table: np.ndarray, u: np.ndarray, cap: int, out: np.ndarray) -> None:
    for i in range(u.shape[0]):
        out[i] = count_below(table, u[i], cap)


@njit
def _poisson_by_inversion(u: np.ndarray, lam: np.ndarray, p0: np.ndarray, cap: int,
                          out: np.ndarray) -> None:
    """Poisson counts with a mean ``lam[i]`` each (``p0[i]`` = exp(−λ), from numpy):
    the terms exp(−λ)·λʲ/j! summed one by one until their sum reaches ``u[i]``, at most
    ``cap`` (the vectorised inversion's steps, row by row: its sums only grow)."""
    for i in range(u.shape[0]):
        p = cdf = p0[i]
        k = 0
        while u[i] > cdf and k < cap:
            k += 1
            p = p * lam[i] / k
            cdf = cdf + p
        out[i] = k


def poisson_reference(u: np.ndarray, lam: np.ndarray | float) -> np.ndarray:
    """The readable definition of `Streams.poisson` given its uniform numbers ``u``:
    inversion of the CDF, the terms exp(−λ)·λʲ/j! summed one by one in numpy passes over
    all draws until no draw lies above their sum (at most ``_POISSON_MAX`` terms). The
    fast equivalents: `count_below` in the table of the partial sums (one mean) and
    `_poisson_by_inversion` (a mean ``lam`` per draw)."""
    lam = np.broadcast_to(np.asarray(lam, np.float64), u.shape)
    p = np.exp(-lam)
    cdf = p.copy()
    k = np.zeros(u.shape, np.int64)
    j = 0
    while True:
        more = u > cdf
        if not more.any() or j >= _POISSON_MAX:
            break
        j += 1
        k += more
        p = p * lam / j
        cdf = cdf + p
    return k


def normal_from_uniform(u: np.ndarray) -> np.ndarray:
    """Standard normal numbers from uniform ones (the inverse normal CDF), in place."""
    return ndtri(u, out=u)


def seed_from(rng: object) -> int:
    """A 63-bit run seed from Mesa's ``rng`` argument (int, Generator, SeedSequence or None)."""
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng) & ((1 << 63) - 1)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, dtype=np.uint64)[0]) >> 1
    return int(np.random.SeedSequence(rng).generate_state(1, dtype=np.uint64)[0]) >> 1


def _as_int64(a: np.ndarray) -> np.ndarray:
    """Contiguous int64 (unsigned counters are reinterpreted: the bits are what count)."""
    if a.dtype == np.uint64:
        return np.ascontiguousarray(a).view(np.int64)
    return np.ascontiguousarray(a, dtype=np.int64)


class Streams:
    """Counter-based random numbers in named streams derived from one run seed."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._keys: dict[str, int] = {}
        self._poisson_tables: dict[float, tuple[np.ndarray, int]] = {}

    def _stream_key(self, name: str) -> int:
        key = self._keys.get(name)
        if key is None:
            digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
            key = _mix_scalar(int.from_bytes(digest, "little") ^ _mix_scalar(self.seed))
            self._keys[name] = key
        return key

    def counter(self, name: str, week: int) -> Counter:
        """The two words that select stream ``name`` in ``week``, for `counter_uniform`."""
        base = _mix_scalar(self._stream_key(name) + (int(week) + 1) * _GOLDEN)
        return Counter(np.uint64(base), np.uint64(_mix_scalar(base ^ _GOLDEN)))

    def _draw(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int,
              unit: bool) -> np.ndarray:
        base, final = self.counter(name, week)
        ids = np.asarray(ids)
        shape = ids.shape
        flat = _as_int64(ids.reshape(-1))
        out = np.empty(flat.shape[0], np.float64 if unit else np.uint64)
        if isinstance(key, np.ndarray):
            keys = _as_int64(np.broadcast_to(key, shape).reshape(-1))
            _hash_keyed(flat, keys, base, final, out, unit)
        else:
            _hash(flat, key_word(key), base, final, out, unit)
        return out.reshape(shape)

    def bits(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int = 0
             ) -> np.ndarray:
        """64 random bits per element of ``ids`` (agent indices), for ``key`` (array or int)."""
        return self._draw(name, week, ids, key, unit=False)

    def uniform(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int = 0
                ) -> np.ndarray:
        """Uniform numbers in the open interval (0, 1): the top 53 bits, centred."""
        return self._draw(name, week, ids, key, unit=True)

    def normal(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int = 0
               ) -> np.ndarray:
        """Standard normal numbers (inverse CDF of `uniform`)."""
        return normal_from_uniform(self.uniform(name, week, ids, key))

    def poisson(self, name: str, week: int, ids: np.ndarray, lam: np.ndarray | float,
                key: np.ndarray | int = 0) -> np.ndarray:
        """Poisson counts with mean ``lam`` by inversion of the CDF (for small means).

        The count is the number of terms of the cumulative distribution, summed term by
        term, that lie below the uniform. With one mean for everybody that is a binary
        search in the table of those sums.
        """
        u = self.uniform(name, week, ids, key)
        lam_arr = np.asarray(lam, dtype=np.float64)
        if lam_arr.ndim == 0:
            cdf, n_terms = self.poisson_table(float(lam_arr))
            k = np.empty(u.shape, np.int64)
            _count_below(cdf, u.reshape(-1), n_terms, k.reshape(-1))
            return k
        lam = np.ascontiguousarray(np.broadcast_to(lam_arr, u.shape), np.float64)
        k = np.empty(u.shape, np.int64)
        _poisson_by_inversion(u.reshape(-1), lam.reshape(-1), np.exp(-lam).reshape(-1),
                              _POISSON_MAX, k.reshape(-1))
        return k

    def poisson_table(self, lam: float) -> tuple[np.ndarray, int]:
        """Partial sums exp(−λ)·Σ_{j≤t} λʲ/j!, summed term by term as the inversion loop
        does, for t = 0, 1, ... until they reach 1 (no uniform lies above) or stop growing;
        and how many terms the loop would compare (``_POISSON_MAX`` if they stopped)."""
        table = self._poisson_tables.get(lam)
        if table is None:
            p = np.exp(-np.float64(lam))
            cdf = [p]
            j, last_growth = 0, 0
            while cdf[-1] < 1.0 and len(cdf) < _POISSON_MAX:
                j += 1
                p = p * lam / j
                cdf.append(cdf[-1] + p)
                if cdf[-1] > cdf[-2]:
                    last_growth = j
            n_terms = len(cdf)
            table = self._poisson_tables[lam] = (
                np.array(cdf[:last_growth + 1], dtype=np.float64), n_terms)
        return table

    def geometric(self, name: str, week: int, ids: np.ndarray, p: np.ndarray | float,
                  key: np.ndarray | int = 0) -> np.ndarray:
        """Failures before the first success at weekly probability ``p`` (0 if p >= 1)."""
        u = self.uniform(name, week, ids, key)
        p = np.asarray(p, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # capped below
            n = np.floor(np.log(u) / np.log1p(-np.minimum(p, 1.0)))
        n = np.where(p <= 0, np.inf, np.where(p >= 1, 0.0, n))
        return np.minimum(n, 2**30).astype(np.int64)
