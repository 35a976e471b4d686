"""Plenary sessions (docs/model.md §7): all participants of a programme meet every k weeks.

A plenary raises informal skill a little, through the same efficiency factors as a
meeting (`mentoring.efficiency`: the suitability of the participant's mentor, level
fit, role clarity and the programme's format), so one session is worth what its content
is worth; it teaches participants to present cross-cultural competence (as a meeting
does: `mentoring.present_cross_cultural`), lets participants share contacts (each may gain
one employer contact from another participant) and revives dormant dyads.
"""

from __future__ import annotations

import numpy as np

from .mentoring import efficiency, present_cross_cultural
from .operations import add_contacts
from .state import ACTIVE, DORMANT, ENDED, World


def hold_plenary(w: World, programme: int) -> None:
    """One plenary session of the given programme."""
    p, people, d = w.params, w.people, w.dyads
    rows = np.flatnonzero((d.programme == programme) & (d.state != ENDED))
    who = d.person[rows]
    if len(who) == 0:
        return
    e = efficiency(w, rows)  # a session's gains pass through a meeting's factors
    if p.skills_channel:
        gain = p.plenary_informal_gain * e.suit * e.fit * e.clarity * e.mode_informal
        people.informal[who] += gain * (1.0 - people.informal[who])
    if p.signalling_channel:
        present_cross_cultural(w, rows, e)
    if p.signalling_channel and people.contacts.shape[1] > 0 and len(who) > 1:
        share = w.streams.uniform("plenary_share", w.week, who) < p.plenary_contact_share_prob
        takers = who[share]
        u_peer = w.streams.uniform("plenary_peer", w.week, takers)
        peer = who[np.minimum((u_peer * len(who)).astype(np.int64), len(who) - 1)]
        slot = (w.streams.uniform("plenary_slot", w.week, takers)
                * people.contacts.shape[1]).astype(np.int64)
        contact = people.contacts[peer, slot]
        ok = (contact >= 0) & (peer != takers)
        add_contacts(people, takers[ok], contact[ok])
    dormant = rows[d.state[rows] == DORMANT]
    revive = w.streams.uniform("plenary_revival", w.week, dormant) < p.plenary_revival_prob
    d.state[dormant[revive]] = ACTIVE
