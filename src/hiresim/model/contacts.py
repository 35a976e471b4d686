"""New employer contacts, drawn round by round (docs/model.md §2).

The people of week 0 (`population`), newcomers (`flows`) and people who leave a job and
keep ties from it (`jobs.keep_ties`) draw their contacts here: mostly in their own
field (``own_field_share``), employers in proportion to size. Adding them to the
people's contact slots is a state operation (`operations.add_contacts_in_turn`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..params.schema import Params
from .jit import njit
from .state import EmployerDraws
from .streams import Counter, Streams, key_word, word_uniform


class ContactStreams(NamedTuple):
    """The streams of new contacts in one week (`Streams.counter`), whether in one's own
    field and which employer, and the key word of each round (`streams.key_word`)."""

    field: Counter
    employer: Counter
    keys: np.ndarray


class ContactDraws(NamedTuple):
    """Per new contact, in rounds: the person, the uniform number of the employer, the
    field it is drawn in (-1: anywhere) and the round."""

    who: np.ndarray
    u: np.ndarray
    within: np.ndarray
    round_of: np.ndarray


def contact_rounds(p: Params, streams: Streams, sampler: EmployerDraws, week: int,
                   persons: np.ndarray, field: np.ndarray, counts: np.ndarray, stream: str
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``counts`` new employer contacts for each of ``persons`` (whose fields are
    ``field``), mostly in their own field: pairs (person, employer) in rounds, round j
    for those with more than j (at most ``max_contacts`` rounds), drawn from the streams
    ``<stream>_field`` and ``<stream>_employer`` with key j; and each pair's round. The
    readable definition is `contact_rounds_reference`."""
    persons = np.asarray(persons, np.int64)
    rounds = min(int(counts.max(initial=0)), p.max_contacts)
    counts = np.minimum(counts, rounds).astype(np.int64)
    size = int(counts.sum())
    out = ContactDraws(*(np.empty(size, t) for t in (np.int64, np.float64, np.int64,
                                                     np.int64)))
    _contact_draws(persons, np.asarray(field, np.int64), counts, p.own_field_share,
                   ContactStreams(streams.counter(f"{stream}_field", week),
                                  streams.counter(f"{stream}_employer", week),
                                  np.array([key_word(j) for j in range(rounds)], np.uint64)),
                   out)
    return out.who, sampler.draw(out.u, out.within), out.round_of


@njit
def _contact_draws(persons: np.ndarray, field: np.ndarray, counts: np.ndarray,
                   own_field_share: float, streams: ContactStreams, out: ContactDraws
                   ) -> None:
    """Round by round (one per key of ``streams``), for those with more than j contacts
    to draw: the person, the uniform number of the employer and the field it is drawn in
    (in their own with probability ``own_field_share``)."""
    n = 0
    for j in range(streams.keys.shape[0]):
        for r in range(persons.shape[0]):
            if counts[r] > j:
                i = persons[r]
                own = word_uniform(i, streams.keys[j], streams.field) < own_field_share
                out.who[n], out.round_of[n] = i, j
                out.u[n] = word_uniform(i, streams.keys[j], streams.employer)
                out.within[n] = field[r] if own else -1
                n += 1


def contact_rounds_reference(p: Params, streams: Streams, sampler: EmployerDraws,
                             week: int, persons: np.ndarray, field: np.ndarray,
                             counts: np.ndarray, stream: str
                             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The readable definition of `contact_rounds` (the same arguments and results): one
    numpy draw per round, for everybody with more than j contacts to draw, and their
    employers drawn round by round; `_contact_draws` draws every round in one compiled
    pass, and the employers in one call."""
    who, employer, rounds = [persons[:0]], [persons[:0]], [persons[:0]]
    for j in range(min(int(counts.max(initial=0)), p.max_contacts)):
        more = counts > j
        own = streams.uniform(f"{stream}_field", week, persons[more], j) < p.own_field_share
        who.append(persons[more])
        employer.append(sampler.draw(
            streams.uniform(f"{stream}_employer", week, persons[more], j),
            np.where(own, field[more], -1)))
        rounds.append(np.full(more.sum(), j))
    return np.concatenate(who), np.concatenate(employer), np.concatenate(rounds)
