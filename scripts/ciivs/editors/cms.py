"""The form editor's configuration (Decap CMS), made at build time from the JSON Schemas.

One collection per kind of the registry, one form field per schema property: nothing here names
a field of a kind, so a field added to a schema appears in the editor by itself. The mapping:

    bilingual text (common `text`)         an object with one text box per language
    Markdown (common `markdown`)           an object with one raw Markdown editor per language
    a reference (ids.schema.json, kinds)   a picker showing the entries' names, storing the id
    a list of references                   the same picker, several choices
    an enum                                a drop-down list of the allowed values
    a pattern (id, date, phone, …)         a text box that refuses what the pattern refuses
    "web address or one per language"      an object per language, written back as one address
                                           when only the first language is given (`unions`)

Labels come from the interface words (`field_<name>` in catalogue/labels/), help texts from the
schema's `fr:`/`de:` descriptions. A construct the mapping does not know stops the build
(`Unmapped`) with the kind and the field, rather than giving editors a form that loses data.
Rules that span fields (both languages or none, date ranges, references that exist) stay the
check's: it runs on every pull request the editor opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ciivs import environ
from ciivs.catalogue.kinds import REGISTRY, Kind, kind
from ciivs.catalogue.languages import SITE_LANGUAGES, Language
from ciivs.catalogue.naming import NAME_KEYS
from ciivs.editors.scaffold import field_help, kind_schema, resolve

# The kinds' files in the repository, as the editor's backend sees them (paths from its root).
CATALOGUE_FOLDER = "catalogue"
# The local proxy (`make edit`, decap-server) listens on the loopback address only.
LOCAL_PROXY = "http://127.0.0.1:8081/api/v1"
# Fields the editor fills itself: a new entry's uuid is set before its first save (start.js).
_HIDDEN = ("uuid",)
_IDS = "ids.schema.json#/$defs/"
_COMMON = "common.schema.json#/$defs/"
# Definitions with a form of their own, by name in common.schema.json.
_PER_LANGUAGE_TEXT = ("text", "markdown", "abbreviation", "some_texts", "some_dates")


class Unmapped(Exception):
    """A schema construct the editor cannot offer as a form field: `where` names kind and field."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")


@dataclass(frozen=True)
class Settings:
    """Where the editor reads and saves, and how editors sign in (README, "Sign-in")."""

    backend: str = "github"  # github, gitlab or gitea
    repo: str = ""  # owner/name
    branch: str = "main"
    base_url: str = ""  # the OAuth service the canton runs (GitHub), e.g. https://auth.example.ch
    auth_endpoint: str = ""  # its path, when not `auth`
    app_id: str = ""  # the OAuth application's client id (GitLab, Gitea/Forgejo: PKCE)
    api_root: str = ""  # a self-hosted GitLab or Gitea's API address
    local_proxy: str = LOCAL_PROXY

    @classmethod
    def from_environment(cls) -> Settings:
        values = {name: environ.value(variable) for name, variable in environ.EDITOR.items()}
        return cls(**{name: text for name, text in values.items() if text})

    def backend_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"name": self.backend, "branch": self.branch}
        if self.repo:
            config["repo"] = self.repo
        if self.backend in ("gitlab", "gitea") and self.app_id:
            config |= {"auth_type": "pkce", "app_id": self.app_id}
        optional = {
            "base_url": self.base_url,
            "auth_endpoint": self.auth_endpoint,
            "api_root": self.api_root,
        }
        return config | {key: value for key, value in optional.items() if value}

    def hosts(self) -> tuple[str, ...]:
        """The addresses the editor talks to besides its own host (for the page's policy)."""
        api = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}
        found = [self.api_root or api.get(self.backend, ""), self.base_url]
        return tuple(dict.fromkeys(_origin(url) for url in found if url))


@dataclass
class _Context:
    kind: Kind
    lang: Language
    labels: Mapping[str, Mapping[str, str]]
    unions: list[str] = field(default_factory=list)


def editor_config(
    lang: Language, labels: Mapping[str, Mapping[str, str]], settings: Settings
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The editor's configuration in one interface language, and each kind's `unions`: the
    fields shown as one object per language but written as a single value when only the first
    language is given."""
    collections, unions = [], {}
    for entry_kind in REGISTRY:
        ctx = _Context(entry_kind, lang, labels)
        collections.append(_collection(ctx))
        unions[entry_kind.name] = ctx.unions
    config = {
        "load_config_file": False,
        "locale": lang.code,
        "backend": settings.backend_config(),
        "local_backend": {"url": settings.local_proxy},
        "publish_mode": "editorial_workflow",
        "media_folder": f"{CATALOGUE_FOLDER}/media",
        "collections": collections,
    }
    return config, unions


def _collection(ctx: _Context) -> dict[str, Any]:
    schema = kind_schema(ctx.kind.name)
    required = set(schema.get("required", ()))
    # Entries are listed by name; by id where the name is optional (an easy-read text takes its
    # measure's name).
    name_key = next((k for k in NAME_KEYS if k in schema["properties"] and k in required), "id")
    return {
        "name": ctx.kind.name,
        "label": _label(ctx, ctx.kind.title),
        "folder": f"{CATALOGUE_FOLDER}/{ctx.kind.folder}",
        "extension": "yml",
        "format": f"ciivs-{ctx.kind.name}",
        "create": True,
        "editor": {"preview": False},
        "delete": False,
        "identifier_field": "id",
        "slug": "{{fields.id}}",
        "summary": "{{" + _shown(name_key, schema, ctx.lang) + "}}",
        "sortable_fields": ["id"],
        "fields": [
            _field(ctx, name, prop, name in required, name)
            for name, prop in schema["properties"].items()
        ],
    }


def _field(
    ctx: _Context, name: str, prop: dict[str, Any], required: bool, path: str
) -> dict[str, Any]:
    base: dict[str, Any] = {"name": name, "label": _field_label(ctx, name), "required": required}
    hint = field_help(prop).get(ctx.lang.code)
    if hint:
        base["hint"] = hint
    if name in _HIDDEN and path == name:
        return base | {"widget": "hidden"}
    return base | _widget(ctx, name, prop, required, path)


def _widget(
    ctx: _Context, name: str, prop: dict[str, Any], required: bool, path: str
) -> dict[str, Any]:
    """The widget of one property: references first, then the shared definitions, then types."""
    ref = str(prop.get("$ref", ""))
    target = _reference(ctx, name, ref)
    if target:
        return _relation(target, multiple=False)
    if ref.startswith(_COMMON) or ref.startswith("#/$defs/"):
        definition = ref.rsplit("/", 1)[1]
        if definition in ("refs", "sources"):
            return _relation(ctx.kind.target(name), multiple=True)
        if definition in _PER_LANGUAGE_TEXT:
            return _per_language(ctx, name, resolve(prop), required, path)
    prop = resolve(prop)
    if "if" in prop and prop["if"].get("type") == "string" and "else" in prop:
        ctx.unions.append(path)  # a single value, or one per language: see the module's doc
        return _per_language(ctx, name, resolve(prop["else"]), False, path)
    items = prop.get("items")
    if prop.get("type") == "array" and isinstance(items, dict):
        item_target = _reference(ctx, name, str(items.get("$ref", "")))
        if item_target:
            return _relation(item_target, multiple=True)
        return _list(ctx, name, resolve(items), path)
    return _scalar_or_object(ctx, prop, required, path)


def _scalar_or_object(
    ctx: _Context, prop: dict[str, Any], required: bool, path: str
) -> dict[str, Any]:
    if "enum" in prop:
        return {"widget": "select", "options": [str(value) for value in prop["enum"]]}
    kind_of_value = prop.get("type")
    if kind_of_value == "string":
        widget: dict[str, Any] = {"widget": "text" if prop.get("x-multiline") else "string"}
        if "pattern" in prop:
            widget["pattern"] = [prop["pattern"], _label(ctx, "editor_pattern")]
        return widget
    if kind_of_value == "integer":
        return {"widget": "number", "value_type": "int"} | _bounds(prop)
    if kind_of_value == "number":
        return {"widget": "number", "value_type": "float"} | _bounds(prop)
    if kind_of_value == "boolean":
        return {"widget": "boolean"}
    if kind_of_value == "object" and "properties" in prop:
        # Decap checks an empty optional object's required parts and refuses to save: they are
        # required only inside a required object (the check still wants them when it is given).
        inner = set(prop.get("required", ())) if required else set()
        return {
            "widget": "object",
            "collapsed": False,
            "fields": [
                _field(ctx, sub, sub_prop, sub in inner, f"{path}.{sub}")
                for sub, sub_prop in prop["properties"].items()
            ],
        }
    raise Unmapped(f"{ctx.kind.name}.{path}", f"no form field for {sorted(prop)}")


def _list(ctx: _Context, name: str, items: dict[str, Any], path: str) -> dict[str, Any]:
    """A list: of objects (one sub-form per item) or of single values (one field per item)."""
    if items.get("type") == "object" and "properties" in items:
        required = set(items.get("required", ()))
        fields = [
            _field(ctx, sub, sub_prop, sub in required, f"{path}.{sub}")
            for sub, sub_prop in items["properties"].items()
        ]
        return {"widget": "list", "collapsed": False, "fields": fields}
    return {"widget": "list", "field": _field(ctx, name, items, True, f"{path}[]")}


def _per_language(
    ctx: _Context, name: str, prop: dict[str, Any], required: bool, path: str
) -> dict[str, Any]:
    """One field per language of the site, side by side. When the text is optional, each
    language is optional in the form (the check keeps "both languages or none")."""
    markdown = bool(prop.get("x-markdown"))
    inner = prop.get("properties", {})
    fields = []
    for language in SITE_LANGUAGES:
        sub = resolve(inner.get(language.code, {"type": "string"}))
        widget = (
            {"widget": "markdown", "modes": ["raw"], "buttons": [], "editor_components": []}
            if markdown
            else _widget(ctx, name, sub, required, f"{path}.{language.code}")
        )
        fields.append(
            {
                "name": language.code,
                "label": language.name,
                "required": required and language.required,
            }
            | widget
        )
    return {"widget": "object", "collapsed": False, "fields": fields}


def _reference(ctx: _Context, name: str, ref: str) -> str | None:
    """The kind a reference property points to: named by ids.schema.json, or a bare `ref`
    whose field the registry declares."""
    if ref.startswith(_IDS):
        return ref.removeprefix(_IDS)
    if ref in (f"{_COMMON}ref", f"{_COMMON}confirmed_by", "#/$defs/ref"):
        return ctx.kind.target(name)
    return None


def _relation(target: str, multiple: bool) -> dict[str, Any]:
    schema = kind_schema(kind(target).name)
    name_key = next((k for k in NAME_KEYS if k in schema["properties"]), "id")
    names = [f"{name_key}.{lang.code}" for lang in SITE_LANGUAGES]
    shown = names if _is_per_language(schema["properties"][name_key]) else [name_key]
    return {
        "widget": "relation",
        "collection": target,
        "value_field": "id",
        "search_fields": ["id", *shown],
        "display_fields": [shown[0], "id"],
        "multiple": multiple,
        "options_length": 200,
    }


def _shown(name_key: str, schema: dict[str, Any], lang: Language) -> str:
    prop = schema["properties"].get(name_key, {})
    return f"{name_key}.{lang.code}" if _is_per_language(prop) else name_key


def _is_per_language(prop: dict[str, Any]) -> bool:
    return str(prop.get("$ref", "")).rsplit("/", 1)[-1] in _PER_LANGUAGE_TEXT


def _bounds(prop: dict[str, Any]) -> dict[str, Any]:
    limits = {"minimum": "min", "maximum": "max"}
    return {limits[key]: prop[key] for key in limits if key in prop}


def _field_label(ctx: _Context, name: str) -> str:
    language = next((lang for lang in SITE_LANGUAGES if lang.code == name), None)
    return language.name if language else _label(ctx, f"field_{name}")


def _label(ctx: _Context, key: str) -> str:
    try:
        return ctx.labels[key][ctx.lang.code]
    except KeyError:
        raise Unmapped(
            f"{ctx.kind.name}",
            f"no interface words '{key}' in catalogue/labels/{ctx.lang.code}.yml",
        ) from None


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
