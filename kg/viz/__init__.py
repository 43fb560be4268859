"""Interactive HTML views of the graph: offline, self-contained, safe with hostile text.

``data`` (and ``source_data`` for one source) turns SPARQL results into networkx graphs with
display attributes, ``classify`` and ``palette`` decide colours and shapes, ``views`` picks and
filters what each view shows, ``layout`` places the nodes, ``render`` writes one page (pyvis
network, kg's own template, vis-network inlined), ``index_page`` the overview, ``cli`` and
``commands`` the ``kg viz`` command and :func:`write_views` for ``kg build``.
"""

from .cli import add_commands

__all__ = ["add_commands", "write_views"]


def __getattr__(name: str):
    """``write_views`` on first use: importing it loads the views' libraries."""
    if name == "write_views":
        from .commands import write_views

        return write_views
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
