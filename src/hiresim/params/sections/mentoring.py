"""Skills outside programmes (depreciation out of work, learning at work), the mentoring
technology (how a programme's levers act) and the switches of the mechanisms."""

from __future__ import annotations

from ..fields import Strict, param


class MentoringParams(Strict):
    """Skills outside programmes, the mentoring technology and the mechanism switches."""

    # --- Skills outside programmes ----------------------------------------------------
    unemployed_depreciation: float = param(
        0.0006, "per week", "Weekly skill loss while unemployed (share of the skill).",
        "Edin & Gustavsson (2008): a year out of work costs about 5 percentiles of the "
        "skill distribution, about 0.13 standard deviations or 3 % of a mid-scale skill "
        "(range 0.0003-0.002)", ge=0.0, le=1.0,
    )
    on_job_learning: float = param(
        0.0002, "per week", "Weekly informal learning at work (share of the remaining gap).",
        "reason: Norway's compressed experience-earnings profiles (about 3-5 % a year "
        "early in a career, flat after 25-30 years) price experience into wages, which "
        "the model leaves out: employers rank applicants by productivity alone, so a "
        "steep profile would shut school leavers out. 0.0002 gives productivity about "
        "0.1 higher after a career than at entry (range 0.0001-0.0006)", ge=0.0, le=1.0,
    )
    # --- Mentoring technology (how the levers act) -----------------------------------
    skill_gain_per_meeting: float = param(
        0.02, "share of gap", "Skill gain of one fully effective meeting.",
        "assumption: a year of fortnightly meetings closes about a third of a gap",
        ge=0.0, le=1.0,
    )
    remote_formal_efficacy: float = param(
        0.8, "ratio", "Efficacy of a remote meeting for formal skills.",
        "assumption: formal content travels well", ge=0.0, le=1.0,
    )
    remote_informal_efficacy: float = param(
        0.3, "ratio", "Efficacy of a remote meeting for informal skills.",
        "Fafo 2019:31: informal skills are raised best face to face", ge=0.0, le=1.0,
    )
    untrained_role_clarity: float = param(
        0.6, "ratio", "Meeting efficacy without role training, relative to trained dyads.",
        "Fafo 2019:31: unclear expectations weaken mentoring", ge=0.0, le=1.0,
    )
    cross_field_suitability: float = param(
        0.4, "ratio", "Mentor efficacy outside his or her own field, relative.",
        "Fafo 2019:31: professionally suitable mentors are needed", ge=0.0, le=1.0,
    )
    mentor_suitability_mean: float = param(
        0.6, "0-1", "Mean professional suitability of volunteer mentors.",
        "assumption", ge=0.0, le=1.0,
    )
    signal_gain_per_meeting: float = param(
        0.04, "share of gap", "Gain in CV clarity and interview readiness per meeting.",
        "Fafo 2019:31: help with applications and interviews is common", ge=0.0, le=1.0,
    )
    cross_cultural_gain: float = param(
        0.04, "share of gap",
        "Gain in how well a participant presents cross-cultural competence per meeting "
        "or plenary session, times the mentor's own cross-cultural competence (0-1), "
        "role clarity and the format's efficacy for informal skills (`mentoring."
        "efficiency`).",
        "Fafo 2019:31: some programmes teach participants to present cross-cultural "
        "competence as an asset; assumption: as much as the gain in interview readiness "
        "(signal_gain_per_meeting) from a mentor of full competence (range 0-0.1)",
        ge=0.0, le=1.0,
    )
    introduction_prob: float = param(
        0.05, "per meeting", "Probability that a meeting introduces a new employer contact.",
        "Fafo 2019:31: mentors can be decisive door openers", ge=0.0, le=1.0,
    )
    mentor_network_size: int = param(
        4, "employers", "Employers in a mentor's network besides his or her own.",
        "assumption", ge=0, le=64,
    )
    dormancy_hazard: float = param(
        0.04, "per week", "Weekly hazard that an active dyad goes dormant.",
        "Fafo 2019:31: some dyads meet almost never; about half dormant within a year",
        ge=0.0, le=1.0,
    )
    role_training_dormancy_reduction: float = param(
        0.5, "share", "Reduction of the dormancy hazard from role training.",
        "Fafo 2019:31: clear roles keep dyads going", ge=0.0, le=1.0,
    )
    followup_dormancy_reduction: float = param(
        0.5, "share", "Reduction of the dormancy hazard at full follow-up.",
        "Fafo 2019:31: close follow-up helps", ge=0.0, le=1.0,
    )
    followup_revival_rate: float = param(
        0.1, "per week", "Weekly revival probability of a dormant dyad at full follow-up.",
        "assumption", ge=0.0, le=1.0,
    )
    plenary_revival_prob: float = param(
        0.5, "probability", "Probability that a plenary session revives a dormant dyad.",
        "Fafo 2019:31: plenaries keep participants engaged", ge=0.0, le=1.0,
    )
    plenary_informal_gain: float = param(
        0.02, "share of gap",
        "Informal-skill gain of one fully effective plenary session (times the same "
        "efficiency factors as a meeting: the mentor's suitability, level fit, role "
        "clarity, format).",
        "assumption: as much as one fully effective meeting (skill_gain_per_meeting)",
        ge=0.0, le=1.0,
    )
    plenary_contact_share_prob: float = param(
        0.2, "probability", "Probability a participant gains a contact at a plenary.",
        "Fafo 2019:31: participants share contacts at plenaries", ge=0.0, le=1.0,
    )
    trainee_learning: float = param(
        0.0006, "share of gap/week", "Weekly informal learning during a traineeship.",
        "reason: a placement is work with supervision: three times on_job_learning "
        "(0.0002); assumption on the multiple (range 1-5 times). A traineeship works "
        "mainly through the host's close view of the trainee (Fafo 2019:31: a foot in "
        "the door)", ge=0.0, le=1.0,
    )
    trainee_assessment_noise_sd: float = param(
        0.03, "0-1", "Noise of a host's view of a trainee's productivity.",
        "docs/model.md §7: the host sees true productivity with little noise", ge=0.0, le=2.0,
    )
    # --- Mechanism switches (teaching) ----------------------------------------------
    skills_channel: bool = param(
        True, "-", "Programmes raise skills (meetings, plenaries, traineeships).",
        "docs/model.md, the first of the three factors; switch off to see its contribution",
    )
    signalling_channel: bool = param(
        True, "-",
        "Programmes improve signals (CV, interview readiness, new contacts and referrals).",
        "docs/model.md, the second of the three factors; switch off to see its contribution",
    )
    deliver_programmes: bool = param(
        True, "-",
        "Deliver the programmes; if false, intake selects and labels participants but "
        "nothing is delivered (the twin world).",
        "docs/analyst.md §3: the twin world shares every random draw",
    )
