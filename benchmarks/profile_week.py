"""Where a week's time goes: ``python -m benchmarks.profile_week [--people N] [--weeks W]``.

Builds a model, steps it past the programme's intake, then profiles W weeks with
cProfile on this thread's CPU clock (time spent waiting for a core on a busy machine is
not counted) and prints the CPU milliseconds per week of each phase of the week and of
the main steps inside them. For line-level detail, run it under a sampling profiler
(``python -m pyinstrument -m benchmarks.profile_week``) or ``line_profiler``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from hiresim import HireModel

#: (function name, label) in the order of the week; indented labels are parts of the one
#: above them.
PHASES = (
    ("withdraw", "1. vacancies given up"),
    ("due", "1. who leaves a job or the labour force, who searches"),
    ("leave_and_enter", "1. leavers and newcomers"),
    ("separate", "1. separations"),
    ("create", "1. new jobs (free entry)"),
    ("unemployed", "1. who is out of work"),
    ("run_programmes", "2. programmes"),
    ("update_skills", "3. skills"),
    ("on_the_job", "4. on-the-job searchers"),
    ("applications", "4. search"),
    ("_application_counts", "     how many applications each sends"),
    ("_referrals", "     referrals"),
    ("_applications", "     other vacancies, one per vacancy"),
    ("assess", "5. screening and interviews"),
    ("screen", "     screening"),
    ("top_k_within", "     top k per vacancy"),
    ("interview_score", "     interviews"),
    ("hire", "5. offers and hires"),
    ("observe", "     what employers learn of the market"),
    ("employ", "     hires"),
    ("hire_at_end", "5. traineeship ends"),
    ("learn_from_hires", "6. employer learning"),
    ("turn_over", "6. recruiters' turnover"),
    ("count_week_unemployed", "   weeks unemployed"),
    ("weekly_metrics", "7. weekly metrics"),
    ("_tally", "     population tally"),
    ("collect", "7. Mesa DataCollector"),
)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.profile_week",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--weeks", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    model = HireModel(rng=a.seed, labour_force=a.people, agent_views=False)
    for _ in range(2):
        model.step()
    profiler = cProfile.Profile(time.thread_time)
    start = time.thread_time()
    profiler.enable()
    for _ in range(a.weeks):
        model.step()
    profiler.disable()
    per_week = (time.thread_time() - start) / a.weeks * 1e3
    total: dict[str, float] = {}
    for (path, _, name), (_, _, _, cumulative, _) in pstats.Stats(profiler).stats.items():
        if "hiresim" in path or name == "collect":
            total[name] = total.get(name, 0.0) + cumulative
    print(f"{a.people:,} people, weeks 3-{a.weeks + 2}: {per_week:.1f} ms of CPU per week "
          "(under the profiler)")
    for name, label in PHASES:
        if name in total:
            print(f"  {label:44s} {total[name] / a.weeks * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
