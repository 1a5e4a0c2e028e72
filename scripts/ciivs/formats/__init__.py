"""Value formats: phone numbers, safe Markdown, plain text. The bottom layer.

May import: the standard library and third-party packages only, nothing from ciivs.
"""
