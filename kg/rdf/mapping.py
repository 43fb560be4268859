"""Records → quads: one named graph per source document, every fact with its evidence.

Each source graph is self-contained: it types and labels every node it mentions (documents,
bodies, regions with their gazetteer chain), so removing the graph removes exactly that source's
facts, and a node shared by many sources lives on while any of them mentions it. How evidence
is written is in :mod:`kg.rdf.graph`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from ..extract.cooccurrence import sentence_links
from ..models import Extraction, OrgMention, TitleRef
from ..resolve.gazetteer import load_gazetteer
from .evidence import date_forms, locate
from .graph import SourceGraph
from .identity import document_key, is_doc_number
from .iris import Iris
from .literals import decimal, gyear, integer, string, zh
from .namespaces import DC, ELI_, KG, ORG_, PROV_, RDF_TYPE, RDFS_, SCHEMA_, XSD_

# Bump when the mapping changes what it writes: outputs built by an older mapping are rebuilt.
MAPPING_VERSION = 5

RELATIONS: dict[str, NamedNode] = {
    "cites": DC.references, "forwards": KG.forwards, "implements": KG.implements,
    "replaces": DC.replaces, "amends": ELI_.amends, "answers": KG.answers,
}
_RELATIVE_MEETING = re.compile(r"^[省市县区州]")
_MEDIA_TYPES = {"text": "text/plain", "html": "text/html"}


def _proposal_classes(kind: str | None, meeting: str | None) -> list[NamedNode]:
    classes = [KG.Proposal]
    text = (kind or "") + "|" + (meeting or "")
    if "提案" in (kind or "") or (not kind and "政协" in text):
        classes.append(KG.CPPCCProposal)
    elif "建议" in (kind or "") or (not kind and "人大" in text):
        classes.append(KG.CongressSuggestion)
    return classes


# -- the mapping, one record kind at a time ----------------------------------------------------
def _own_document(out: SourceGraph) -> NamedNode:
    frame = out.extraction.frame
    issuers = [frame.author_org] if frame.author_org else []
    if frame.doc_number or frame.title:
        return out.iris.document(document_key(frame.doc_number, frame.title, issuers))
    return out.iris.source_document(out.sha)


def _map_source(out: SourceGraph, document: NamedNode) -> None:
    source = out.extraction.source
    out.add(out.source, RDF_TYPE, KG.Source)
    out.add(out.source, KG.sha256, string(source.sha256))
    for path in out.paths:
        out.add(out.source, KG.path, string(path))
    if out.extraction.frame.title:
        out.add(out.source, DC.title, zh(out.extraction.frame.title))
    out.add(out.source, DC.format, string(_MEDIA_TYPES.get(source.kind, "text/plain")))
    out.add(out.source, KG.characterCount, integer(len(source.text)))
    out.add(document, PROV_.hadPrimarySource, out.source)


def _map_frame(out: SourceGraph, document: NamedNode) -> NamedNode | None:
    """The document itself: type, title, number, date, author and region; returns what it
    answers (the proposal node) for a reply."""
    extraction = out.extraction
    frame = extraction.frame
    text = out.text
    out.types(document, [KG.PolicyDocument] + ([KG.Reply] if frame.reply_to else []))
    own_number = None
    if frame.doc_number:
        own_number = next(((d.start, d.end) for d in extraction.doc_numbers
                           if d.normalized == frame.doc_number), None)
        if own_number is None:
            own_number = locate(text, [frame.doc_number])
    title_span = frame.title_span or (locate(text, [frame.title]) if frame.title else None)
    if frame.title:
        out.add(document, DC.title, zh(frame.title))
        out.add(document, RDFS_.label, zh(frame.title))
    elif frame.doc_number:
        out.add(document, RDFS_.label, zh(frame.doc_number))
    else:
        out.add(document, RDFS_.label, zh(f"{frame.author_org or ''}文件 {out.sha[:12]}"))
    anchor = title_span or own_number
    out.mention(document, *(anchor or (None, None)))
    if frame.doc_number:
        out.state(document, DC.identifier, string(frame.doc_number), *(own_number or (None, None)))
    if frame.date:
        where = locate(text, date_forms(frame.date), last=True)
        out.state(document, DC.issued, Literal(frame.date, datatype=XSD_.date),
                  *(where or (None, None)))
    author_span = frame.author_span
    if frame.author_org:
        if author_span is None:
            author_span = locate(text, [frame.author_org_text or "", frame.author_org])
        author = out.organisation(frame.author_org, "government")
        out.state(document, DC.creator, author, *(author_span or (None, None)))
        if frame.region and frame.region.code:
            region = out.region(frame.region.code)
            out.state(author, KG.region, region, *(author_span or (None, None)))
            out.state(document, KG.region, region, *(author_span or (None, None)))
    if frame.reply_to:
        return _map_reply_to(out, document, title_span)
    return None


def _map_reply_to(out: SourceGraph, document: NamedNode, title_span: tuple[int, int] | None
                  ) -> NamedNode:
    extraction = out.extraction
    frame = extraction.frame
    reply = frame.reply_to
    assert reply is not None
    text = out.text
    region_code = frame.region.code if frame.region else None
    meeting = reply.meeting if reply.meeting and not _RELATIVE_MEETING.match(reply.meeting) \
        else None
    number = (reply.proposal_no or "").strip() or None
    if meeting and number:
        proposal = out.iris.proposal(meeting, number)
    elif meeting and reply.title:
        proposal = out.iris.proposal(meeting, reply.title)
    elif reply.title and number:
        # Without the meeting, a region's proposals of one title in different years are told
        # apart by their numbers (numbering restarts at every session).
        proposal = out.iris.proposal(region_code or "_", number, reply.title)
    elif reply.title:
        proposal = out.iris.proposal(region_code or "_", reply.title)
    else:
        proposal = out.iris.proposal("_source", out.sha)
    out.types(proposal, _proposal_classes(reply.kind, reply.meeting))
    if reply.title:
        out.add(proposal, DC.title, zh(reply.title))
        out.add(proposal, RDFS_.label, zh(reply.title))
    else:
        label = f"{reply.meeting or reply.meeting_text or ''}第{number}号{reply.kind or ''}" \
            if number else f"{reply.meeting or reply.meeting_text or ''}{reply.kind or '提案'}"
        out.add(proposal, RDFS_.label, zh(label))
    if number:
        out.add(proposal, KG.proposalNumber, string(number))
    if reply.kind:
        out.add(proposal, KG.proposalKind, zh(reply.kind))
    if reply.role:
        out.add(proposal, KG.proposerRole, zh(reply.role))
    if reply.meeting and not meeting:
        out.add(proposal, KG.meetingText, zh(reply.meeting))
    # Where the proposal is named: its title in the text, and the reply's own title line.
    title_at = None
    if reply.title:
        title_at = next(((t.start, t.end) for t in extraction.titles if t.text == reply.title),
                        None) or locate(text, [reply.title])
    if title_at:
        out.mention(proposal, *title_at)
    if title_span or not title_at:
        out.mention(proposal, *(title_span or (None, None)))
    out.state(document, KG.answers, proposal, *(title_span or title_at or (None, None)))
    if meeting:
        where = locate(text, [reply.meeting_text or "", meeting])
        node = out.iris.meeting(meeting)
        out.add(node, RDF_TYPE, KG.Meeting)
        out.add(node, RDFS_.label, zh(meeting))
        out.state(proposal, KG.meeting, node, *(where or (None, None)))
        found = load_gazetteer().split_prefix(meeting)
        if found:
            out.state(node, KG.region, out.region(found[0]), *(where or (None, None)))
    if reply.proposer:
        scope = meeting or region_code or "_"
        for name in re.split(r"[、，,]", reply.proposer):
            name = name.strip()
            if not name:
                continue
            person = out.iris.proposer(scope, name)
            out.add(person, RDF_TYPE, KG.Proposer)
            out.add(person, RDFS_.label, zh(name))
            where = locate(text, [name])
            out.state(proposal, KG.proposer, person, *(where or (None, None)))
    return proposal


def _title_document(out: SourceGraph, title: TitleRef) -> NamedNode:
    text = title.alias_of or title.text
    return out.document(title.doc_number, text, title.issuers)


def _map_documents(out: SourceGraph, document: NamedNode) -> None:
    """Documents named by number or title, their issuers and the titles nested in them."""
    extraction = out.extraction
    frame = extraction.frame
    reply_title = frame.reply_to.title if frame.reply_to else None
    titled = {t.doc_number: t for t in reversed(extraction.titles) if t.doc_number}
    for number in extraction.doc_numbers:
        if number.normalized == frame.doc_number:
            continue
        if number.normalized in titled:
            # The title beside it names the same node; the number span is more evidence.
            cited = _title_document(out, titled[number.normalized])
            out.mention(cited, number.start, number.end)
            continue
        cited = out.document(number.normalized, None)
        out.state(document, KG.mentionsDocument, cited, number.start, number.end)
    for title in extraction.titles:
        if title.text == reply_title or title.alias_of == reply_title:
            continue
        if (title.text == frame.title and not title.doc_number) or (
                title.doc_number and title.doc_number == frame.doc_number):
            out.mention(document, title.start, title.end)
            continue
        cited = _title_document(out, title)
        out.state(document, KG.mentionsDocument, cited, title.start, title.end)
        issuers = [name for name in title.issuers if name]
        for index, issuer in enumerate(issuers):
            org = out.organisation(issuer)
            out.state(cited, DC.creator if index == 0 else KG.coIssuedBy, org, title.start,
                      title.end)
        for inner in title.inner:
            nested = out.document(None, inner)
            out.state(cited, DC.references, nested, title.start, title.end)


def _citation_node(out: SourceGraph, document: NamedNode, ref: str) -> NamedNode:
    extraction = out.extraction
    frame = extraction.frame
    if ref == "this":
        return document
    if is_doc_number(ref):
        if ref == frame.doc_number:
            return document
        title = next((t for t in extraction.titles if t.doc_number == ref), None)
        if title is not None:
            return _title_document(out, title)
        return out.document(ref, None)
    title = next((t for t in extraction.titles if ref in (t.text, t.alias_of)), None)
    if title is not None:
        return _title_document(out, title)
    return out.document(None, ref)


def _map_citations(out: SourceGraph, document: NamedNode, proposal: NamedNode | None) -> None:
    frame = out.extraction.frame
    reply_title = frame.reply_to.title if frame.reply_to else None
    for citation in out.extraction.citations:
        predicate = RELATIONS.get(citation.relation)
        if predicate is None:
            continue
        nodes = []
        if not citation.source.strip() or not citation.target.strip():
            continue
        for ref in (citation.source, citation.target):
            if proposal is not None and reply_title and ref == reply_title:
                nodes.append(proposal)
            else:
                nodes.append(_citation_node(out, document, ref))
        subject, obj = nodes
        if subject == obj:
            continue
        out.state(subject, predicate, obj, citation.start, citation.end)


def _map_orgs(out: SourceGraph, document: NamedNode) -> None:
    for mention in out.extraction.orgs:
        if not mention.resolved or not mention.name:
            continue
        org = _organisation(out, mention)
        out.state(document, KG.mentionsOrganization, org, mention.start, mention.end)


def _organisation(out: SourceGraph, mention: OrgMention) -> NamedNode:
    org = out.organisation(mention.name, mention.kind)
    if mention.region_code:
        out.state(org, KG.region, out.region(mention.region_code), mention.start, mention.end)
    if mention.parent and mention.parent != mention.name:
        parent = out.organisation(mention.parent)
        out.state(org, ORG_.subOrganizationOf, parent, mention.start, mention.end)
    return org


def _map_regions(out: SourceGraph, document: NamedNode) -> None:
    for mention in out.extraction.regions:
        if mention.code:
            out.state(document, KG.mentionsRegion, out.region(mention.code), mention.start,
                      mention.end)


def _map_figures(out: SourceGraph, document: NamedNode) -> None:
    for figure in out.extraction.figures:
        if figure.value is None:
            continue
        node = out.iris.figure(out.sha, figure.start, figure.end)
        out.add(node, RDF_TYPE, KG.Figure)
        out.add(node, RDFS_.label, zh(figure.text))
        out.add(node, SCHEMA_.value, decimal(figure.value))
        out.add(node, SCHEMA_.unitText, string(figure.unit))
        for per in figure.per:
            out.add(node, KG.per, string(per))
        if figure.qualifier:
            out.add(node, KG.qualifier, string(figure.qualifier))
        if figure.high is not None:
            out.add(node, SCHEMA_.maxValue, decimal(figure.high))
        if figure.from_value is not None:
            out.add(node, KG.previousValue, decimal(figure.from_value))
        if figure.label:
            out.add(node, KG.quantityLabel, zh(figure.label))
        if figure.year:
            out.add(node, KG.year, gyear(figure.year))
        out.state(document, KG.reportsFigure, node, figure.start, figure.end)


def _map_measures(out: SourceGraph, document: NamedNode) -> None:
    for measure in out.extraction.measures:
        if not measure.concept:
            continue
        concept = out.iris.measure(measure.concept)
        out.state(document, KG.mentionsMeasure, concept, measure.start, measure.end)
        if measure.program:
            program = out.iris.program(measure.program)
            out.add(program, RDF_TYPE, KG.Program)
            out.add(program, RDFS_.label, zh(measure.program))
            out.state(document, KG.mentionsProgram, program, measure.start, measure.end)
            out.state(program, KG.implementsMeasure, concept, measure.start, measure.end)


def _map_cooccurrences(out: SourceGraph, document: NamedNode) -> None:
    """What a sentence states by naming things together (:mod:`kg.extract.cooccurrence`):
    figures beside a measure, measures taken over from another region. The evidence is the
    sentence."""
    links, spreads = sentence_links(out.extraction, out.sentences.sentence)
    for link in links:
        figure = out.iris.figure(out.sha, link.start, link.end)
        out.state(figure, KG.statedWithMeasure, out.iris.measure(link.concept), *link.sentence)
    for spread in spreads:
        node = out.iris.spread(out.sha, spread.sentence, spread.concept, spread.origin,
                               spread.adopter)
        out.add(node, RDF_TYPE, KG.Spread)
        out.add(node, RDFS_.label, zh(_spread_label(out, spread.concept, spread.origin,
                                                    spread.adopter)))
        out.state(document, KG.reportsSpread, node, *spread.sentence)
        out.state(node, KG.spreadMeasure, out.iris.measure(spread.concept), *spread.sentence)
        out.state(node, KG.fromRegion, out.region(spread.origin), *spread.sentence)
        out.state(node, KG.toRegion, out.region(spread.adopter), *spread.sentence)


def _region_short(code: str) -> str:
    try:
        return load_gazetteer().region(code).short
    except KeyError:
        return code


def _measure_label(out: SourceGraph, concept: str) -> str:
    return next((m.label for m in out.extraction.measures if m.concept == concept and m.label),
                concept)


def _spread_label(out: SourceGraph, concept: str, origin: str, adopter: str) -> str:
    """网格化管理 上城区 → 南关区: the measure, where it came from, who took it up."""
    return f"{_measure_label(out, concept)} {_region_short(origin)} → {_region_short(adopter)}"


def _adoption_label(out: SourceGraph, region_code: str, concept: str, year: int | None
                    ) -> str:
    """沈阳市 社区工作准入制度 2020: the region, the measure's label, the year."""
    label = f"{_region_short(region_code)} {_measure_label(out, concept)}"
    return label + (f" {year}" if year else "")


def _map_adoptions(out: SourceGraph, document: NamedNode) -> None:
    for adoption in getattr(out.extraction, "adoptions", None) or []:
        if not adoption.concept or not adoption.region_code:
            continue
        node = out.iris.adoption(adoption.region_code, adoption.concept, adoption.year)
        concept = out.iris.measure(adoption.concept)
        out.add(node, RDF_TYPE, KG.Adoption)
        out.add(node, RDFS_.label, zh(_adoption_label(out, adoption.region_code,
                                                      adoption.concept, adoption.year)))
        if adoption.year:
            out.add(node, KG.year, gyear(adoption.year))
        out.state(document, KG.reportsAdoption, node, adoption.start, adoption.end)
        out.state(node, KG.adoptedMeasure, concept, adoption.start, adoption.end)
        out.state(node, KG.region, out.region(adoption.region_code), adoption.start,
                  adoption.end)


def extraction_graph(extraction: Extraction, iris: Iris | None = None,
                     paths: Iterable[str] = ()) -> SourceGraph:
    """The named graph of one source (``iris.graph(sha256)``), with evidence for every fact.

    ``paths`` lists other files with the same content (they share the source node).
    """
    out = SourceGraph(extraction, iris or Iris(), paths)
    document = _own_document(out)
    _map_source(out, document)
    proposal = _map_frame(out, document)
    _map_documents(out, document)
    _map_orgs(out, document)
    _map_regions(out, document)
    _map_figures(out, document)
    _map_measures(out, document)
    _map_cooccurrences(out, document)
    _map_adoptions(out, document)
    _map_citations(out, document, proposal)
    return out


def extraction_quads(extraction: Extraction, iris: Iris | None = None,
                     paths: Iterable[str] = ()) -> list[Quad]:
    """All quads of one source's named graph, without duplicates."""
    return extraction_graph(extraction, iris, paths).quads()
