"""Named random streams: common random numbers indexed by (stream, week, agent, key).

Every random decision draws from a counter-based generator: the number a person gets
from the ``"search"`` stream in week 12 depends only on the run seed, the stream's name,
the week, the person's index and an optional key (a vacancy's serial number, a draw
number). It does not depend on how many other draws were made before, so a world with a
programme and its twin without one share every draw the programme did not change, and
one extra event changes exactly the outcomes it touches (Starsim's common random numbers).

The generator is the SplitMix64 finaliser applied twice to the combined counter; its
output passes standard statistical batteries when fed distinct counters.
"""

from __future__ import annotations

import hashlib

import numpy as np
from scipy.special import ndtri

_MASK = (1 << 64) - 1
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = 0x9E3779B97F4A7C15
_KEY_MUL = np.uint64(0xD1B54A32D192ED03)
_S30, _S27, _S31, _S11 = (np.uint64(s) for s in (30, 27, 31, 11))
_TO_UNIT = 2.0**-53


def _mix_scalar(x: int) -> int:
    x &= _MASK
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, in place on a uint64 array."""
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


def seed_from(rng: object) -> int:
    """A 63-bit run seed from Mesa's ``rng`` argument (int, Generator, SeedSequence or None)."""
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng) & ((1 << 63) - 1)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, dtype=np.uint64)[0]) >> 1
    return int(np.random.SeedSequence(rng).generate_state(1, dtype=np.uint64)[0]) >> 1


class Streams:
    """Counter-based random numbers in named streams derived from one run seed."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._keys: dict[str, int] = {}

    def _stream_key(self, name: str) -> int:
        key = self._keys.get(name)
        if key is None:
            digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
            key = _mix_scalar(int.from_bytes(digest, "little") ^ _mix_scalar(self.seed))
            self._keys[name] = key
        return key

    def bits(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int = 0
             ) -> np.ndarray:
        """64 random bits per element of ``ids`` (agent indices), for ``key`` (array or int)."""
        base = _mix_scalar(self._stream_key(name) + (int(week) + 1) * _GOLDEN)
        x = np.asarray(ids).astype(np.uint64, copy=True)
        x *= _KEY_MUL
        if isinstance(key, np.ndarray):
            k = key.astype(np.uint64, copy=True)
            _mix(k)
            x ^= k
        elif key:
            x ^= np.uint64(_mix_scalar(int(key) + _GOLDEN))
        x += np.uint64(base)
        _mix(x)
        x ^= np.uint64(_mix_scalar(base ^ _GOLDEN))
        return _mix(x)

    def uniform(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int = 0
                ) -> np.ndarray:
        """Uniform numbers in the open interval (0, 1)."""
        b = self.bits(name, week, ids, key)
        return ((b >> _S11).astype(np.float64) + 0.5) * _TO_UNIT

    def normal(self, name: str, week: int, ids: np.ndarray, key: np.ndarray | int = 0
               ) -> np.ndarray:
        """Standard normal numbers (inverse CDF of `uniform`)."""
        return ndtri(self.uniform(name, week, ids, key))

    def poisson(self, name: str, week: int, ids: np.ndarray, lam: np.ndarray | float,
                key: np.ndarray | int = 0) -> np.ndarray:
        """Poisson counts with mean ``lam`` by inversion of the CDF (for small means)."""
        u = self.uniform(name, week, ids, key)
        lam = np.broadcast_to(np.asarray(lam, dtype=np.float64), u.shape)
        p = np.exp(-lam)
        cdf = p.copy()
        k = np.zeros(u.shape, dtype=np.int64)
        j = 0
        while True:
            more = u > cdf
            if not more.any() or j > 1000:
                break
            j += 1
            k += more
            p = p * lam / j
            cdf = cdf + p
        return k

    def geometric(self, name: str, week: int, ids: np.ndarray, p: np.ndarray | float,
                  key: np.ndarray | int = 0) -> np.ndarray:
        """Failures before the first success at weekly probability ``p`` (0 if p >= 1)."""
        u = self.uniform(name, week, ids, key)
        p = np.asarray(p, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            n = np.floor(np.log(u) / np.log1p(-np.minimum(p, 1.0)))
        n = np.where(p <= 0, np.inf, np.where(p >= 1, 0.0, n))
        return np.minimum(n, 2**30).astype(np.int64)
