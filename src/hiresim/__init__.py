"""hiresim: agent-based simulation of mentoring and trainee programmes for immigrant job seekers.

Job seekers, mentors and employers interact through skills, signalling and employer
assessment (Fafo-rapport 2019:31). Start with `HireModel`.
"""

from .model.model import HireModel
from .params.issues import ParameterError
from .params.overrides import make_params
from .params.schema import Params, Programme
from .version import __version__

__all__ = ["HireModel", "ParameterError", "Params", "Programme", "__version__", "load_results",
           "load_scenario", "make_params", "run_scenario"]


def __getattr__(name: str) -> object:
    """Scenario files, runs and result directories, imported on first use (they pull in
    plotting)."""
    if name == "load_scenario":
        from .config.scenario import load_scenario

        return load_scenario
    if name == "run_scenario":
        from .outputs.files import run_scenario

        return run_scenario
    if name == "load_results":
        from .outputs.results import load_results

        return load_results
    raise AttributeError(f"module 'hiresim' has no attribute {name!r}")
