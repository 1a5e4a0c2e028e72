"""Tools that advise editors: the report, the change summary, new-entry scaffolds, the guide.

May import: ciivs.catalogue and below. Independent of ciivs.opendata and ciivs.search.
"""
