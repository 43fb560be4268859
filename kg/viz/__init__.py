"""Interactive HTML views of the graph: offline, self-contained, safe with hostile text.

``data`` (and ``source_data`` for one source) turns SPARQL results into networkx graphs with
display attributes, ``classify`` and ``palette`` decide colours and shapes, ``views`` picks and
filters what each view shows, ``layout`` places the nodes, ``render`` writes one page (pyvis
network, kg's own template, vis-network inlined), ``index_page`` the overview, ``commands`` the
``kg viz`` command and :func:`write_views` for ``kg build``.
"""

from .commands import add_commands, write_views

__all__ = ["add_commands", "write_views"]
