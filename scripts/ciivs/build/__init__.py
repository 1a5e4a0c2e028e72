"""The pipeline (check -> render -> MkDocs -> extras -> search -> URL promise -> swap), the MkDocs
configuration and hooks, the parallel language builds, the preview and its server.

May import: ciivs.pages and everything below it.
"""
