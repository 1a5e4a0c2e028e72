"""Search: the words a page is found by, and the Pagefind index of the built site.

May import: ciivs.catalogue and below. Independent of ciivs.editors and ciivs.opendata.
"""
