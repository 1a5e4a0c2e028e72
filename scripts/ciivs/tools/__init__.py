"""Developer tools: bench, Lighthouse, Python versions, link check. Nothing in the package imports them.

May import: ciivs.build and everything below it.
"""
