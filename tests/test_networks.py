"""Network effects, qualitatively (Calvó-Armengol & Jackson 2004; DESIGN §6).

Duration dependence: the longer unemployed, the lower the chance of a job next week.
A group that starts with fewer contacts stays behind, and only because of them: with
equal contacts and otherwise identical groups, the groups do not differ.
"""

from __future__ import annotations

import numpy as np

from hiresim import HireModel

SYMMETRIC = dict(
    programmes=[], labour_force=10_000, immigrant_share=0.5, immigrant_informal_deficit=0.0,
    foreign_credential_share=0.0, cv_quality_means=(0.5, 0.5),
    interview_readiness_means=(0.5, 0.5), cross_cultural_means=(0.5, 0.5),
    prior_gap_formal=0.0, prior_gap_informal=0.0, prior_gap_sd=0.0,
    immigrant_separation_multiplier=1.0, initial_unemployment=(0.03, 0.03),
    initial_overqualified=(0.1, 0.1), initial_out_of_field=(0.1, 0.1),
    values_cross_cultural_share=0.0, labour_force_flows=False,
    entry_ages=(20.0, 20.0, 20.0), arrival_ages=(20.0, 20.0),  # no work abroad
)


def test_duration_dependence_of_unemployment() -> None:
    edges = [0, 5, 13, 27, 10_000]
    at_risk, exits = np.zeros(4), np.zeros(4)
    for seed in range(3):
        model = HireModel(rng=seed, programmes=[], agent_views=False)
        people = model.world.people
        for _ in range(104):
            unemployed = np.flatnonzero(people.employer < 0)
            bucket = np.searchsorted(edges, people.weeks_unemployed[unemployed], "right") - 1
            model.step()
            found = people.employer[unemployed] >= 0
            at_risk += np.bincount(bucket, minlength=4)
            exits += np.bincount(bucket, weights=found, minlength=4)
    hazard = exits / at_risk
    se = np.sqrt(hazard * (1 - hazard) / at_risk)
    assert hazard[0] - hazard[-1] > 3 * np.hypot(se[0], se[-1]), hazard
    assert (np.diff(hazard) < 2 * se[1:]).all(), hazard  # never clearly rising


def group_gap(contacts: tuple[float, float], seeds: range) -> np.ndarray:
    """Immigrant minus majority unemployment, averaged over the second year, per seed."""
    gaps = []
    for seed in seeds:
        model = HireModel(rng=seed, agent_views=False, contacts_per_person=contacts,
                          **SYMMETRIC)
        for _ in range(104):
            model.step()
        f = model.results().loc[53:]
        gaps.append((f.unemployment_rate_immigrant - f.unemployment_rate_majority).mean())
    return np.array(gaps)


def test_fewer_contacts_stay_behind_and_equal_contacts_do_not() -> None:
    seeds = range(12)  # the gap is a few tenths of a point: twelve pairs
    fewer = group_gap((6.0, 1.0), seeds)
    equal = group_gap((6.0, 6.0), seeds)
    se = lambda x: x.std(ddof=1) / np.sqrt(len(x))  # noqa: E731
    # Paired by seed: the same people, only the group's contacts differ.
    assert (fewer - equal).mean() > 3 * se(fewer - equal), (fewer, equal)
    assert abs(equal.mean()) < 3 * se(equal), equal
