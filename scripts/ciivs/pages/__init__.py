"""Every page of the site per language: the Jinja context and templates, staging, and the pages
written after MkDocs (redirects, permalinks, embeds).

May import: ciivs.editors, ciivs.opendata, ciivs.search, ciivs.catalogue and below.
"""
