"""A stationary start: the market run for `burn_in_years` before week 0 (docs/model.md §5).

The people of week 0 (`population`) are drawn near the market's steady state, but
what selection does over decades (who leaves the register, how skills and contacts
build up over years in Norway, who is long settled) is not in that drawing, so a market
started there drifts for decades. The burn-in runs the world itself, at its own size
and without programmes, for ``burn_in_years`` × 52 weeks, and week 0 is the state after
it: the week-valued state is shifted so that the last week of the burn-in is week 0,
and what is counted from the first intake (first hires, the right level ever reached,
host hires) starts empty.

The burn-in draws from its own streams (`Streams` of `burn_in_seed`), so none of its
random numbers is reused after week 0; it depends only on the market's parameters and
the seed, not on any programme, so a world and its twin start from the same state
(common random numbers). A process keeps the last burnt-in worlds it made
(`CACHE_PEOPLE`), so a twin world, or a variant that differs only in its programmes,
built in the same process with the same seed does not burn in again.
"""

from __future__ import annotations

import copy
import hashlib
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from ..params.schema import Params
from .state import NOT_ARRIVED, WeekCounts, World
from .streams import Streams

#: Weeks in a year of burn-in.
WEEKS_PER_YEAR = 52
#: People held in this process's cache of burnt-in worlds, summed over its worlds
#: (about 300 bytes each, so about 120 MB); a world larger than this is not kept.
CACHE_PEOPLE = 400_000
_CACHE: OrderedDict[tuple[str, int], World] = OrderedDict()
_BURN_IN_TAG = 0x6275726E


def market_params(params: Params) -> Params:
    """``params`` without programmes: what the burn-in simulates."""
    return params.model_copy(update={"programmes": [], "deliver_programmes": True})


def burn_in_seed(seed: int) -> int:
    """The seed of the burn-in's streams: independent of the run's own."""
    state = np.random.SeedSequence([int(seed), _BURN_IN_TAG]).generate_state(2, np.uint32)
    return (int(state[0]) << 31) ^ int(state[1])


def burn_in_key(params: Params, seed: int) -> tuple[str, int]:
    """What a burn-in depends on: the market's parameters and the seed. Runs with the
    same key start from the same world at week 0 (and share one burn-in in a process)."""
    market = market_params(params)
    return hashlib.sha256(market.model_dump_json().encode()).hexdigest(), int(seed)


def burnt_in(params: Params, seed: int, build: Callable[[Params, int], World],
             advance: Callable[[World], None]) -> World:
    """The world of ``params`` and ``seed`` at week 0 after its burn-in: built by
    ``build`` without programmes, run ``burn_in_years`` of weeks (``advance``, the
    model's week without its outputs), then given ``params``."""
    market = market_params(params)
    key = burn_in_key(params, seed)
    world = _CACHE.get(key)
    if world is None:
        world = build(market, seed)
        burn_in(world, round(params.burn_in_years * WEEKS_PER_YEAR), advance)
        _remember(key, world)  # a copy, when it fits
    else:
        _CACHE.move_to_end(key)
        world = copy.deepcopy(world)  # the cached world stays as it was
    world.params = params
    starts = [pr.start_week for pr in params.programmes]
    world.tracking_start = min(starts) if starts else 0
    return world


def burn_in(w: World, weeks: int, advance: Callable[[World], None]) -> None:
    """Run ``w`` for ``weeks`` weeks (``advance``) on the burn-in's streams, then call
    its last week week 0."""
    if weeks <= 0:
        return
    own = w.streams
    w.streams = Streams(burn_in_seed(own.seed))
    for _ in range(weeks):
        advance(w)
    w.streams = own
    shift_weeks(w, -w.week)


def shift_weeks(w: World, by: int) -> None:
    """Move every week held in ``w`` by ``by`` weeks (the clock too), and empty what is
    counted from the first intake."""
    p, v = w.people, w.vacancies
    p.birth_week += by
    p.leave_week += by
    p.arrival_week[p.arrival_week != NOT_ARRIVED] += by
    working = p.employer >= 0
    p.job_end[working] += by
    p.hire_week[working] += by
    p.search_week[working & (p.search_week >= 0)] += by  # weeks to come
    p.separated_week[p.separated_week >= 0] += by
    p.first_hire_week[:] = -1
    v.opened += by
    v.uid += np.int64(by) << np.int64(32)  # `operations.replacement_uid`, `created_uid`
    w.week += by
    w.counts, w.pools = WeekCounts(), None
    w.right_level_ever[:] = False
    w.host_hires[:] = 0


def _remember(key: tuple[str, int], world: World) -> None:
    n = world.people.n
    if n > CACHE_PEOPLE:
        return
    _CACHE[key] = copy.deepcopy(world)
    while sum(x.people.n for x in _CACHE.values()) > CACHE_PEOPLE:
        _CACHE.popitem(last=False)
