"""The parameter schema: the single source of every default, bound, unit and source.

`Params` holds the labour market and the mentoring technology; `Programme`
(`params.programme`) holds the levers of one programme. YAML scenarios, the command line,
the teaching app's sliders and the documentation are all generated from these two
classes. Each field carries a one-line description, a unit and the source of (or reason
for) its default. `Params` is made of its sections (`params.sections`), one model each,
and adds the programmes and the checks that span sections.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .programme import Programme
from .sections.assessment import AssessmentParams
from .sections.jobs import JobsParams
from .sections.labour_force import LabourForceParams
from .sections.mentoring import MentoringParams
from .sections.search import SearchParams

__all__ = ["Params", "Programme"]


# pydantic orders the fields of a model with several bases from the last base to the
# first, so the sections are listed last to first: their fields, and so `model_dump`,
# the manifest and the parameter reference, come in the order of the sections.
class Params(MentoringParams, AssessmentParams, SearchParams, JobsParams,
             LabourForceParams):
    """The labour market, the mentoring technology and the programmes of one model."""

    programmes: list[Programme] = Field(
        default_factory=lambda: [Programme()],
        description="The programmes in the model (an empty list: no programme).",
        json_schema_extra={"unit": "-", "source": "reason: one typical programme"},
    )

    @model_validator(mode="after")
    def _check_shares(self) -> Params:
        for name in ("qualification_shares", "job_level_shares", "origin_shares"):
            shares = getattr(self, name)
            if any(not s >= 0 for s in shares) or not abs(sum(shares) - 1.0) <= 1e-6:
                count = {3: "three", 4: "four"}.get(len(shares), str(len(shares)))
                raise ValueError(f"{name} must be {count} non-negative shares summing to 1")
        for name in (
            "formal_skill_means", "cv_quality_means", "interview_readiness_means",
            "cross_cultural_means", "initial_unemployment", "hiring_bar",
            "initial_overqualified", "initial_out_of_field",
        ):
            if any(not 0.0 <= v <= 1.0 for v in getattr(self, name)):
                raise ValueError(f"{name}: every value must lie in [0, 1]")
        if any(not c >= 0 for c in self.contacts_per_person):
            raise ValueError("contacts_per_person: values must be non-negative")
        low, high = self.arrival_ages
        if any(r + m > 1.0 + 1e-9 for r, m in zip(self.refugee_shares,
                                                  self.labour_migrant_shares, strict=True)):
            raise ValueError("refugee_shares and labour_migrant_shares: together at most 1 "
                             "in each region")
        if not low <= high < self.retirement_age or min(self.entry_ages) >= self.retirement_age:
            raise ValueError("arrival_ages must be two ages, the first no later than the "
                             "second, and they and entry_ages below retirement_age")
        names = [p.name for p in self.programmes]
        if len(set(names)) != len(names):
            raise ValueError(f"programme names must be unique, got {names}")
        return self
