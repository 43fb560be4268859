"""Build the kg spaCy pipeline: a blank Chinese ``Language`` with registered components.

Each component writes one span group (``docno``, ``title``, ``org``, ``region``, ``figure``,
``measure``). Components are factories with config, so a user can remove, swap or extend them:
``build_nlp(components=[...])`` or ``nlp.add_pipe(...)`` on the result.

Each component also accepts ``spans=False`` (``nlp.pipe(..., component_cfg=without_spans(nlp))``,
as ``kg extract`` runs it): the same ranges and data, read with :func:`kg.nlp.spans.span_data`,
without building ``Span`` objects; a component of your own that reads ``doc.spans[...]`` of a kg
group should read it with ``span_data`` / ``span_ranges`` to work in both modes.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import components, tokenizer  # noqa: F401  (registers factories and the tokenizer)

DEFAULT_COMPONENTS: tuple[str, ...] = (
    "kg_docnos", "kg_titles", "kg_orgs", "kg_regions", "kg_figures", "kg_measures")


def available_components() -> list[str]:
    return [name for name in DEFAULT_COMPONENTS if name in Language.factories]


def build_nlp(components_: tuple[str, ...] | None = None) -> Language:
    """A fresh pipeline with the given (default: all available) components."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.char_tokenizer.v1"}}})
    for name in components_ or tuple(available_components()):
        nlp.add_pipe(name)
    return nlp


def without_spans(nlp: Language) -> dict[str, dict[str, bool]]:
    """``component_cfg`` for ``nlp.pipe`` asking the kg components for span data only.

    They then keep each span's character range and data (read with
    :func:`kg.nlp.spans.span_data`) but build no ``Span`` objects and leave ``doc.spans``
    empty, which saves about a tenth of the extraction time; ``kg extract`` does this. Other
    components are not given the option.
    """
    return {name: {"spans": False} for name in nlp.pipe_names
            if nlp.get_pipe_meta(name).factory in DEFAULT_COMPONENTS}


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared default pipeline (patterns and lexicons load once per process)."""
    return build_nlp()
