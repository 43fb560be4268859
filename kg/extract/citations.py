"""Relations between documents (cites, forwards, implements, replaces, amends, answers).

Every cited document (a title in 《》, a number written alone, a back-reference such as 该通知)
gets one relation from the document itself ("this"), read from the words that lead up to it in
its sentence; the sentence is the evidence. A title nesting another title relates the two.
While reading the sentence this step also finds who issued a titled document and when.

Handles, one example a line:
    我市出台了《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)      cites, year 2018
    由市委组织部、市民政局联合下发了《…》                                 cites, issuers
    按照省委办公厅,省政府办公厅印发《A》和《B》文件要求                   implements A and B
    省民政厅、省委组织部联合转发了《民政部、中央组织部关于…的通知》       forwards
    贯彻省政府《关于取消一批…证明的决定》                                 implements, issuer
    根据沈民发〔2019〕3号文件精神                                         implements a number
    《…办法》同时废止 / 废止《…》                                         replaces
    修订《…条例》 (正在着手修订《…》 states a plan: cites)               amends
    您提出的《关于加强社区工作的几点建议》收悉                            answers
    《吉林省实施〈中华人民共和国城市居民委员会组织法〉办法》              outer implements inner
    根据该通知要求                                                        the notice named before
Targets are written here as found (a title's text, a number, a back-reference phrase);
:mod:`kg.resolve.documents` turns them into numbers or full titles and drops what it cannot
resolve. Cue words: ``kg/data/citations.json``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from ..models import Citation, DocNumber, Extraction, Frame, OrgMention, SourceDocument, TitleRef
from ..nlp.spans import doc_text
from ..text.regex import alternation
from ..text.sentences import Sentences
from ..text.titles import canonical_title, has_alias_cue, parse_bodies
from .documents import attached_numbers

RELATIONS = ("replaces", "amends", "forwards", "implements", "cites", "answers")
_YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})\s*年(?!度|以来|底|初|末|前|后)")
_DATE_TAIL = re.compile(r"\s*(?:[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?)?(?:份)?\s*[，,]?")
_GOVERN_REACH = 40
# Between bodies of one subject: 市委、市政府
_ORG_JOIN = re.compile(r"\s*(?:[、，,和及与]|以及)?\s*")


@dataclass(frozen=True, slots=True)
class _Config:
    cues: dict[str, re.Pattern[str]]
    replaces_after: re.Pattern[str]
    nested: dict[str, re.Pattern[str]]
    future: re.Pattern[str]
    conjunction: re.Pattern[str]
    clause_break: re.Pattern[str]
    list_comma: re.Pattern[str]
    self_words: tuple[str, ...]
    not_issuers: re.Pattern[str]
    back_reference: re.Pattern[str]
    postposed: dict[str, re.Pattern[str]]
    attributive: re.Pattern[str]
    actor_lead: re.Pattern[str]
    actor_filler: re.Pattern[str]
    actor_join: re.Pattern[str]
    continuation: re.Pattern[str]
    subject_lead: re.Pattern[str]


@lru_cache(maxsize=1)
def _config() -> _Config:
    raw = json.loads(resources.files("kg.data").joinpath("citations.json").read_text("utf-8"))
    return _Config(
        cues={name: re.compile(alternation(words)) for name, words in raw["cues"].items()},
        replaces_after=re.compile(raw["replaces_after"]),
        nested={name: re.compile(pattern) for name, pattern in raw["nested"].items()},
        future=re.compile(raw["future"]),
        conjunction=re.compile(raw["conjunction"]),
        clause_break=re.compile(raw["clause_break"]),
        list_comma=re.compile(raw["list_comma"]),
        self_words=tuple(raw["self_words"]),
        not_issuers=re.compile(raw["not_issuers"]),
        back_reference=re.compile(raw["back_reference"]),
        postposed={name: re.compile(pattern) for name, pattern in raw["postposed"].items()},
        attributive=re.compile(raw["attributive"]),
        actor_lead=re.compile(raw["actor_lead"]),
        actor_filler=re.compile(raw["actor_filler"]),
        actor_join=re.compile(raw["actor_join"]),
        continuation=re.compile(raw["continuation"]),
        subject_lead=re.compile(raw["subject_lead"]),
    )


@dataclass(slots=True)
class _Mention:
    """A cited document as written: a title (with its number), a lone number, or 该通知."""

    start: int
    end: int
    target: str
    title: TitleRef | None = None
    backref: bool = False


@dataclass(slots=True)
class _Reading:
    """What the lead of a mention says: the relation, and for a title its issuers and year."""

    relation: str = "cites"
    issuers: list[str] = field(default_factory=list)
    year: int | None = None


class _Orgs:
    """Organisation mentions by position."""

    def __init__(self, orgs: list[OrgMention]):
        self.orgs = sorted(orgs, key=lambda o: o.start)
        self.starts = [o.start for o in self.orgs]

    def within(self, start: int, end: int) -> list[OrgMention]:
        index = bisect_left(self.starts, start)
        out = []
        while index < len(self.orgs) and self.orgs[index].start < end:
            if self.orgs[index].end <= end:
                out.append(self.orgs[index])
            index += 1
        return out


class _Reader:
    """Reads the sentences of one document."""

    def __init__(self, text: str, orgs: list[OrgMention]):
        self.text = text
        self.orgs = _Orgs(orgs)
        self.config = _config()

    def _is_list_comma(self, at: int) -> bool:
        """A comma between two named bodies (省委办公厅,省政府办公厅) does not end a clause."""
        if self.text[at] not in "，,":
            return False
        if self.config.list_comma.match(self.text, at):
            return True
        near = self.orgs.within(max(0, at - 40), at + 41)
        return any(o.end == at for o in near) and any(o.start == at + 1 for o in near)

    def _breaks(self, start: int, end: int) -> list[int]:
        """Clause breaks in ``text[start:end]`` (after each break)."""
        return [m.end() for m in self.config.clause_break.finditer(self.text, start, end)
                if not self._is_list_comma(m.start())]

    def governs(self, cue_end: int, target: int) -> bool:
        """A cue governs a mention when no clause break stands between them."""
        return target - cue_end <= _GOVERN_REACH and not self._breaks(cue_end, target)

    def _last_cue(self, name: str, start: int, end: int) -> re.Match[str] | None:
        """The last cue in ``text[start:end]`` that governs ``end`` (checked from the last one
        back: the first that governs is the answer, and the clause breaks are scanned once)."""
        for match in reversed(list(self.config.cues[name].finditer(self.text, start, end))):
            if self.governs(match.end(), end):
                return match
        return None

    def _clause_start(self, start: int, at: int) -> int:
        """Where the clause holding ``at`` begins (list commas between bodies do not count)."""
        breaks = self._breaks(start, at)
        return breaks[-1] if breaks else start

    def _is_future(self, start: int, cue_start: int) -> bool:
        return bool(self.config.future.search(self.text, self._clause_start(start, cue_start),
                                              cue_start))

    def _bodies(self, start: int, end: int) -> list[str]:
        """Bodies named in ``text[start:end]``: organisation mentions, else a parsed list.

        省委办公厅,省政府办公厅 / 由市委组织部、市民政局、市财政局联合 / 我局已会同市文化广电和旅游局
        """
        config = self.config
        found: list[tuple[int, str]] = []
        orgs = self.orgs.within(start, end)
        for index, org in enumerate(orgs):
            stop = orgs[index + 1].start if index + 1 < len(orgs) else end
            if not config.not_issuers.search(self.text, org.end, stop):
                found.append((org.start, org.name or org.text))
        segment = self.text[start:end]
        for word in config.self_words:
            at = segment.find(word)
            if at >= 0:
                found.append((start + at, word))
        if not orgs:
            found += [(end, body) for body in self._parse_bodies(segment)]
        return list(dict.fromkeys(name for _, name in sorted(found, key=lambda f: f[0])))

    def _parse_bodies(self, segment: str) -> list[str]:
        """Without organisation mentions: a list of bodies ending ``segment``, if it is one."""
        config = self.config
        core = config.actor_lead.sub("", config.actor_filler.sub("", segment))
        core = config.actor_join.sub("、", core).strip("、")
        if config.not_issuers.search(core):
            return []
        return parse_bodies(core)

    def _actors(self, sentence_start: int, start: int, verb: int) -> list[str]:
        """The bodies that do the verb at ``verb``: named in its clause, else the sentence's subject.

        近年来,市委、市政府把…作为重要内容,先后出台了《…》 → 市委, 市政府
        """
        actors = self._bodies(self._clause_start(start, verb), verb)
        if actors or start > sentence_start:
            return actors
        clause = sentence_start
        for end in self._breaks(sentence_start, verb):
            orgs = self.orgs.within(clause, end)
            if orgs and self.config.subject_lead.fullmatch(self.text, clause, orgs[0].start):
                run = [orgs[0]]
                for org in orgs[1:]:
                    if _ORG_JOIN.fullmatch(self.text, run[-1].end, org.start):
                        run.append(org)
                return list(dict.fromkeys(o.name or o.text for o in run))
            clause = end
        return []

    def _year(self, start: int, target: int) -> int | None:
        """The year stated in the clause before a title: 2015年…出台了《…》, 2018年,我市出台《…》."""
        for match in reversed(list(_YEAR.finditer(self.text, start, target))):
            tail = _DATE_TAIL.match(self.text, match.end(), target)
            rest_start = tail.end() if tail else match.end()
            if not self._breaks(rest_start, target):
                return int(match.group(1))
            return None
        return None

    def read(self, start: int, sentence: tuple[int, int], mention: _Mention) -> _Reading:
        """The relation the lead ``text[start:mention.start]`` states, with issuers and year."""
        end = mention.start
        config = self.config
        reading = _Reading()
        found = {name: self._last_cue(name, start, end) for name in config.cues}
        for name in ("replaces", "amends"):
            cue = found[name]
            if cue and (self._is_future(start, cue.start())
                        or config.attributive.search(self.text, cue.end(), end)):
                found[name] = None
        title_issuers = mention.title.issuers if mention.title else []
        issue, forward = found["issues"], found["forwards"]
        if found["replaces"] or found["amends"]:
            reading.relation = "replaces" if found["replaces"] else "amends"
        elif forward:
            reading.relation = "forwards"
        elif found["implements"]:
            reading.relation = "implements"
        elif config.postposed["lead"].search(self.text, start, end):
            after = self.text[mention.end: sentence[1]]
            if config.postposed["forwards"].search(after):
                reading.relation = "forwards"
        if issue and not forward:
            actors = self._actors(sentence[0], start, issue.start())
            if not title_issuers:
                reading.issuers = actors
            elif reading.relation == "cites" and actors and not any(
                    _same_body(a, t) for a in actors for t in title_issuers):
                reading.relation = "forwards"  # 我厅印发《民政部关于…的通知》
        if not title_issuers and not reading.issuers:
            reading.issuers = self._owners(start, end, found)
        if not forward:
            reading.year = self._year(start, end)
        return reading

    def _owners(self, start: int, end: int, found: dict[str, re.Match[str] | None]) -> list[str]:
        """Bodies written right before a title are its owners: 贯彻省政府《…的决定》,
        现将市民政局《…》; 中共中央办公厅、国务院办公厅《…》."""
        after_cue = max([m.end() for m in found.values() if m] + [start])
        after_cue = self._clause_start(after_cue, end)
        orgs = self.orgs.within(after_cue, end)
        if orgs:
            gap = self.text[orgs[-1].end:end]
            close = len(gap) <= 1 or self.config.actor_filler.fullmatch(gap)
            return self._bodies(after_cue, end) if close else []
        return self._parse_bodies(self.text[after_cue:end])


def _same_body(actor: str, issuer: str) -> bool:
    return actor == issuer or actor.endswith(issuer) or issuer.endswith(actor)


def _mentions(text: str, frame: Frame, extraction: Extraction) -> list[_Mention]:
    own_title = canonical_title(frame.title) if frame.title else None
    mentions: list[_Mention] = []
    attached = attached_numbers(text, extraction.titles, extraction.doc_numbers)
    taken = {number.start for number in attached.values()}
    for index, title in enumerate(extraction.titles):
        if own_title and canonical_title(title.text) == own_title:
            continue
        start, end = title.start - 1, title.end + 1
        number = attached.get(index)
        if number is not None and 0 <= number.start - end <= 8:  # 《…》(沈民〔2018〕65号)
            end = number.end + (1 if text[number.end:number.end + 1] in ")）]］】" else 0)
        elif number is not None and 0 <= start - number.end <= 4:  # 沈民〔2018〕65号《…》
            start = number.start
        mentions.append(_Mention(start, end, title.text, title))
    inside = [(t.start, t.end) for t in extraction.titles]
    starts = [s for s, _ in inside]

    def in_title(at: int) -> bool:
        index = bisect_left(starts, at + 1) - 1
        return index >= 0 and inside[index][0] <= at < inside[index][1]

    for number in extraction.doc_numbers:
        if (number.start not in taken and number.normalized != frame.doc_number
                and not in_title(number.start)):
            mentions.append(_Mention(number.start, number.end, number.normalized))
    for match in _config().back_reference.finditer(text):
        if in_title(match.start()):
            continue
        mentions.append(_Mention(match.start(), match.end(), match.group(), backref=True))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _nested(title: TitleRef, numbers: list[DocNumber]) -> list[tuple[str, str]]:
    """``(relation, inner title or number)`` for each document named inside ``title``.

    吉林省实施〈中华人民共和国城市居民委员会组织法〉办法 → implements
    关于转发〈民政部关于…的通知〉的通知 / 关于转发国办发〔2019〕5号文件的通知 → forwards
    关于修改〈…条例〉的决定 → amends;  关于废止〈…〉的决定 → replaces
    """
    named = [(title.text.find(inner) - 1, inner) for inner in title.inner]
    named += [(n.start - title.start, n.normalized) for n in numbers
              if title.start <= n.start and n.end <= title.end]
    out = []
    nested = _config().nested
    for at, inner in sorted(named):
        before = title.text[: max(0, at)]
        relation = next((name for name, pattern in nested.items() if pattern.search(before)),
                        "cites")
        out.append((relation, inner))
    return out


def extract_citations(doc: Doc, source: SourceDocument, frame: Frame,
                      extraction: Extraction) -> None:
    """Fill ``extraction.citations``; add sentence issuers and years to the titles."""
    text = doc_text(doc)  # the extraction text: chrome blanked, offsets as in source.text
    mentions = _mentions(text, frame, extraction)
    reply = frame.reply_to
    if not mentions and not (reply and reply.title):
        return
    sentences = Sentences(text, [(t.start, t.end) for t in extraction.titles])
    reader = _Reader(text, extraction.orgs)
    answered = canonical_title(reply.title) if reply and reply.title else None
    answered_at: tuple[int, int] | None = None
    citations = extraction.citations

    previous: _Mention | None = None
    previous_reading = _Reading()
    previous_sentence = (-1, -1)
    for position, mention in enumerate(mentions):
        sentence = sentences.span(mention.start)
        if mention.title is not None and answered and canonical_title(mention.title.text) == answered:
            answered_at = answered_at or sentence
            previous, previous_sentence = mention, sentence
            previous_reading = _Reading()
            continue
        lead_start = sentence[0]
        if previous is not None and previous_sentence == sentence:
            lead_start = max(lead_start, previous.end)
        continues = previous is not None and previous_sentence == sentence and (
            reader.config.conjunction.fullmatch(text, lead_start, mention.start)
            or mention.title is not None and has_alias_cue(text, mention.title.start))
        if continues:  # 按照《A》和《B》; 《A》(以下简称《B》)
            reading = _Reading(previous_reading.relation, list(previous_reading.issuers),
                               previous_reading.year)
        else:
            reading = reader.read(lead_start, sentence, mention)
            if (previous is not None and previous_sentence == sentence
                    and reading.relation == "cites"
                    and reader.config.continuation.match(text, lead_start, mention.start)):
                reading.relation = previous_reading.relation
        following = mentions[position + 1].start if position + 1 < len(mentions) else sentence[1]
        if reader.config.replaces_after.match(text, mention.end, min(following, sentence[1])):
            reading.relation = "replaces"
        title = mention.title
        if title is not None:
            if not title.issuers and reading.issuers:
                title.issuers = list(reading.issuers)
            if title.year is None and reading.year is not None:
                title.year = reading.year
        citations.append(Citation("this", mention.target, reading.relation, *sentence))
        if title is not None:
            for relation, inner in _nested(title, extraction.doc_numbers):
                citations.append(Citation(title.text, inner, relation, *sentence))
        previous, previous_reading, previous_sentence = mention, reading, sentence

    if answered:
        if answered_at is None:
            at = text.find(reply.title)
            if at >= 0:
                answered_at = sentences.span(at)
            elif frame.title_span:
                answered_at = frame.title_span
        if answered_at is not None:
            citations.insert(0, Citation("this", reply.title, "answers", *answered_at))
