"""The catalogue as a model: read the YAML, validate it, derive names, relations and currency.

May import: ciivs.formats, ciivs.paths, ciivs.environ. Never renders or writes pages.
"""
