"""New employer contacts, drawn round by round (DESIGN §2).

The people of week 0 (`population`), newcomers (`flows`) and people who leave a job and
keep ties from it (`jobs.keep_ties`) draw their contacts here: mostly in their own
field (``own_field_share``), employers in proportion to size. Adding them to the
people's contact slots is a state operation (`operations.add_contacts_in_turn`).
"""

from __future__ import annotations

import numpy as np

from ..params.schema import Params
from .jit import njit
from .state import EmployerDraws
from .streams import Counter, Streams, key_word, word_uniform


def contact_rounds(p: Params, streams: Streams, sampler: EmployerDraws, week: int,
                   persons: np.ndarray, field: np.ndarray, counts: np.ndarray, stream: str
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``counts`` new employer contacts for each of ``persons`` (whose fields are
    ``field``), mostly in their own field: pairs (person, employer) in rounds, round j
    for those with more than j (at most ``max_contacts`` rounds), drawn from the streams
    ``<stream>_field`` and ``<stream>_employer`` with key j; and each pair's round."""
    persons = np.asarray(persons, np.int64)
    rounds = min(int(counts.max(initial=0)), p.max_contacts)
    counts = np.minimum(counts, rounds).astype(np.int64)
    size = int(counts.sum())
    who, u, within, round_of = (np.empty(size, t) for t in (np.int64, np.float64, np.int64,
                                                           np.int64))
    _contact_draws(persons, np.asarray(field, np.int64), counts, rounds, p.own_field_share,
                   streams.counter(f"{stream}_field", week),
                   streams.counter(f"{stream}_employer", week),
                   np.array([key_word(j) for j in range(rounds)], np.uint64),
                   who, u, within, round_of)
    return who, sampler.draw(u, within), round_of


@njit
def _contact_draws(persons: np.ndarray, field: np.ndarray, counts: np.ndarray, rounds: int,
                   own_field_share: float, field_stream: Counter,
                   employer_stream: Counter, keys: np.ndarray,
                   who: np.ndarray, u: np.ndarray, within: np.ndarray,
                   round_of: np.ndarray) -> None:
    """Round by round, for those with more than j contacts to draw: the person, the
    uniform number of the employer and the field it is drawn in (-1: anywhere)."""
    n = 0
    for j in range(rounds):
        for r in range(persons.shape[0]):
            if counts[r] > j:
                i = persons[r]
                own = word_uniform(i, keys[j], field_stream) < own_field_share
                who[n], round_of[n] = i, j
                u[n] = word_uniform(i, keys[j], employer_stream)
                within[n] = field[r] if own else -1
                n += 1

