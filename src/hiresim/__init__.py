"""hiresim: agent-based simulation of mentoring and trainee programmes for immigrant job seekers.

Job seekers, mentors and employers interact through skills, signalling and employer
assessment (Fafo-rapport 2019:31). Start with `HireModel`.
"""

from .model import HireModel
from .params import ParameterError, Params, Programme, make_params

__version__ = "0.1.0"

__all__ = ["HireModel", "ParameterError", "Params", "Programme", "__version__", "make_params"]
