"""The catalogue in other vocabularies (HSDS, CPSV-AP, schema.org, CSV, Atom): bytes out, no pages.

May import: ciivs.catalogue and below. Independent of ciivs.editors and ciivs.search.
"""
