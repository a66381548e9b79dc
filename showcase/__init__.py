"""Domain of the civilization showcase: loading, validating, scoring, notices, badges.

Nothing in this package imports MkDocs; the hooks in ``hooks/`` adapt it to the build,
and ``scripts/`` and ``tests/`` use it directly.
"""
