"""The one way hiresim renders an HTML page: a Jinja2 template shipped in a package's
``templates/`` folder, autoescaped (every value is text), strict about undefined names;
figures embedded as base64 PNG, which has no character escaping changes."""

from __future__ import annotations

import base64
from functools import cache
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined, Template


@cache
def page_template(package: str, name: str) -> Template:
    """Template ``name`` from ``package``'s ``templates/`` folder."""
    env = Environment(loader=PackageLoader(package, "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(name)


def embedded_png(data: bytes) -> str:
    """PNG bytes as the base64 text an ``<img src="data:image/png;base64,...">`` takes."""
    return base64.b64encode(data).decode("ascii")


class EmbeddedFigure(NamedTuple):
    """A figure on a page: its name, the PNG as base64 text (`embedded_png`), which goes
    into the template like every other value, and its caption."""

    name: str
    png: str
    caption: str
