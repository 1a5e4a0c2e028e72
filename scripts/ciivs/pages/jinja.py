"""The Jinja environment of the page templates (`templates/`), with its filters."""

from __future__ import annotations

import contextlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ciivs.formats.phones import display_phone, tel_uri

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment(compiled: Path | None = None) -> jinja2.Environment:
    """Templates are strict: an unknown variable fails the build instead of printing nothing.

    `compiled`: a folder that keeps the compiled templates between builds (None: none kept);
    Jinja compiles a template again when its source changed.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=compiled_templates_in(compiled),
    )
    env.filters["jsonld"] = jsonld
    env.filters["phone"] = display_phone
    env.filters["tel"] = tel_uri
    env.filters["shorturl"] = short_url
    # A text as plain characters, for an attribute (a text shown in the fallback language
    # otherwise writes its <span lang>).
    env.filters["plain"] = lambda text: str(text)
    # Pagefind's data-pagefind-meta="key:value, key:value" splits at commas.
    env.filters["nocomma"] = lambda text: str(text).replace(",", " ")
    return env


def loaded_environment(compiled: Path | None) -> jinja2.Environment:
    """The environment with every template loaded: done before the language workers fork, they
    share them instead of compiling them each (0.3 s a worker)."""
    env = environment(compiled)
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    return env


def compiled_templates_in(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in `folder`; none when it cannot be made (only costs time)."""
    if folder is None:
        return None
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))
    return None


def short_url(url: str) -> str:
    """A web address as people say it: 'www.vs.ch/integration', without scheme or final slash."""
    return re.sub(r"^https?://", "", str(url)).rstrip("/")


def jsonld(data: dict[str, Any]) -> Markup:
    """JSON for a <script type=application/ld+json>, safe against closing the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
