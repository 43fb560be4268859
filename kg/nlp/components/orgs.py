"""``kg_orgs``: named party, government, congress, CPPCC and people's-organisation bodies in
``doc.spans["org"]`` (data: :class:`FoundOrg`).

Handles, one example a line:
    沈阳市民政局 / 吉林省长春市二道区民政局       a region, a function, a body type
    市民政局 / 省民政厅 / 市人社局 / 区政府        relative: a level character for the region
    民政局 / 民政部 / 中央组织部 / 国家医保局      bare and national bodies
    省委 / 市委组织部 / 县委常委会 / 市委办       a party committee and its departments
    市政府办公室 / 省人大常委会 / 市政协           government, congress and CPPCC bodies
    市妇联 / 团市委 / 共青团 / 民盟宜昌市委         people's organisations, democratic parties
    省社区建设工作联席会议 / 长春市社区建设领导小组办公室   coordination bodies
    基层政权和社区建设处 / 社会事务科               internal divisions
    唐家墩街道办事处                               named street offices
    市委市政府 → 市委, 市政府                       joined forms are split
Not mentions: generic references (民政部门, 各区人民政府), fragments (省财政), and bodies inside a
《》 title, a meeting name (市政协十三届四次会议) or an order number (国务院令第343号).
The grammar is built once from ``kg/data/org_lexicon.json``; region names come from
:mod:`kg.nlp.components.regions`. Resolution (市民政局 → 沈阳市民政局) is in
:mod:`kg.resolve.orgs`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from ..spans import doc_text, span_ranges
from .offsets import put_spans
from .regions import FoundRegion, find_regions

# Kinds a core alternative gives (a function body is "party" when its function is a party one).
_CORE_KINDS = {"party": "party", "gov": "government", "congress": "congress", "cppcc": "cppcc",
               "disc": "party", "zone": "government", "func": "government",
               "people": "people_org", "natoffice": "government"}
_NEEDS_PREFIX = {"party", "gov", "congress", "cppcc", "disc", "zone", "natoffice"}


@dataclass(slots=True)
class FoundOrg:
    """A body as written: ``kind`` (government, party, congress, cppcc, people_org, coordination,
    division), the explicit region prefix (``region_codes``) if any."""

    start: int
    end: int
    kind: str
    region_codes: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def org_lexicon() -> dict:
    return json.loads(resources.files("kg.data").joinpath("org_lexicon.json").read_text("utf-8"))


def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, as a character trie.

    Python's alternation is ordered and tried branch by branch; a trie keeps the branches at each
    step to the distinct next characters (民政|民政部 → 民政(?:部)?).
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


def _starts(lx: dict, cores: dict[str, str]) -> str:
    """Lookaheads for the first two characters any match can start with.

    The scan tries the grammar only where this holds. Characters common in running text
    (区 in 社区, 社 in 社会) are checked with the character after them; the rest alone.
    """
    core_words = [*cores, *lx["functions"], *lx["abbreviated_bodies"], *lx["people_orgs"],
                  *lx["national_alone"], *lx["national_offices"]]
    core_firsts = {word[0] for word in core_words}
    seconds: dict[str, set[str] | None] = {}

    def add(first: str, second: str | None) -> None:
        if second is None or seconds.get(first, set()) is None:
            seconds[first] = None
        else:
            seconds.setdefault(first, set()).add(second)  # type: ignore[union-attr]

    for word in [*core_words, *lx["national_prefixes"]]:
        add(word[0], word[1] if len(word) > 1 else None)
    for level in lx["levels"]:
        if len(level) == 1:
            for char in core_firsts:
                add(level, char)
        else:
            add(level[0], level[1])
    for char in "省市县区中":
        add("团", char)
    frequent = set(lx["scan_frequent_chars"])
    alone = sorted(c for c, after in seconds.items() if after is None or c not in frequent)
    parts = [f"[{re.escape(''.join(alone))}]"]
    for char, after in sorted(seconds.items()):
        if char not in alone:
            parts.append(f"{re.escape(char)}[{re.escape(''.join(sorted(after)))}]")
    # One character class first: most positions fail it at once.
    return f"(?=[{re.escape(''.join(sorted(seconds)))}])(?=" + "|".join(parts) + ")"


def _guarded(table: dict[str, str]) -> str:
    """Words, each followed by its negative lookahead (``{"局": "长"}`` → ``局(?!长)``)."""
    parts = []
    for word in sorted(table, key=lambda w: (-len(w), w)):
        guard = table[word]
        parts.append(re.escape(word) + (f"(?!{guard})" if guard else ""))
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class Grammar:
    main: re.Pattern[str]
    coordination: re.Pattern[str]
    division: re.Pattern[str]
    street_office: re.Pattern[str]
    stops: re.Pattern[str]
    street_stops: re.Pattern[str]
    generic_tail: re.Pattern[str]
    division_stops: re.Pattern[str]
    meeting: re.Pattern[str]
    order: re.Pattern[str]
    generic_before: re.Pattern[str]
    level_deny: dict[str, str]
    party_functions: re.Pattern[str]
    abbreviated: frozenset[str]
    rooms: frozenset[str]
    owners: re.Pattern[str]
    owner_kinds: dict[str, str]
    owner_tail: re.Pattern[str]
    division_label: re.Pattern[str]
    prefixed_suffixes: tuple[str, ...]
    division_free_excluded: tuple[str, ...]
    levels: tuple[str, ...]
    coordination_max: int
    division_max: int


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The compiled patterns (built once per process from the lexicon)."""
    lx = org_lexicon()
    func_atom = _alternation(lx["functions"])
    modifier = _alternation(lx["function_modifiers"])
    joiner = _alternation(lx["function_joiners"])
    func_seq = (f"(?:{func_atom})(?:{modifier})?"
                f"(?:(?:{joiner})?(?:{func_atom})(?:{modifier})?){{0,3}}")
    body = (f"(?:(?:{func_seq})(?:{_guarded(lx['body_suffixes'])})"
            f"|{_alternation(lx['abbreviated_bodies'])})")
    offices = _guarded(lx["core_offices"])
    cores = lx["prefixed_cores"]

    def core(word: str) -> str:
        return _guarded({word: cores[word]})

    people = _alternation(lx["people_orgs"])
    committee = lx["committee_pattern"]
    first = _starts(lx, cores)
    main = (
        f"{first}(?:"
        f"(?:(?P<nat>{_alternation(lx['national_prefixes'])})|(?P<lvl>{_alternation(lx['levels'])}))?"
        "(?:"
        f"(?P<party>(?:{core('党委')}|{core('委员会')}|{core('委')})(?:{body}|{offices})?)"
        f"|(?P<gov>(?:{core('人民政府')}|{core('政府')})(?:{body}|{offices})?)"
        f"|(?P<congress>(?:{core('人民代表大会常务委员会')}|{core('人大常委会')}|{core('人大')})"
        f"(?:{offices}|{committee})?)"
        f"|(?P<cppcc>{core('政协')}(?:{offices}|{committee})?)"
        f"|(?P<disc>{core('纪委监委')}|{core('纪委')}|{core('监委')})"
        f"|(?P<zone>{core('管委会')}|{core('党工委')})"
        f"|(?P<func>{body})(?:{_alternation(lx['body_tails'])})?"
        f"|(?P<people>{people})"
        f"|(?P<natoffice>{_alternation(lx['national_offices'])})"
        ")"
        f"|(?P<natalone>{_alternation(lx['national_alone'])})"
        "|(?P<tuan>团(?:中央|[省市县区]委))"
        ")"
    )
    owners = {word: "party" for word in lx["democratic_parties"]} | lx["committee_owners"]
    coordination = (f"{_alternation(lx['coordination_suffixes'] + lx['coordination_prefixed_suffixes'])}"
                    f"(?:{re.escape(lx['coordination_office'])})?")
    # Anchored on 处/科 (rare) with the stem checked behind it: a fast scan.
    suffixes = "".join(lx["division_suffixes"])
    by_length: dict[int, list[str]] = {}
    for stem in lx["division_stems"]:
        by_length.setdefault(len(stem), []).append(stem)
    behind = "|".join(f"(?<=(?:{_alternation(stems)})[{suffixes}])"
                      for _, stems in sorted(by_length.items()))
    division = f"[{suffixes}](?:{behind})(?![{lx['division_not_after']}])"
    street_office = _alternation(lx["street_office_suffixes"] + lx["zone_suffixes"])
    stop_words = _alternation(lx["topic_stop_words"])
    stop_chars = re.escape(lx["topic_stop_chars"])
    generic = _alternation(lx["generic_before"])
    before_level = f"[{lx['topic_stop_before_level']}](?=[省市县区州])"
    return Grammar(
        main=re.compile(main),
        coordination=re.compile(coordination),
        division=re.compile(division),
        street_office=re.compile(street_office),
        stops=re.compile(f"{stop_words}|[{stop_chars}]|[^\u4e00-\u9fff]|{before_level}"),
        street_stops=re.compile(f"{stop_words}|{lx['street_name_stop']}|[^\u4e00-\u9fff]"),
        division_stops=re.compile(f"{stop_words}|[{stop_chars}局厅部委办室]|[^\u4e00-\u9fff]"
                                  f"|{before_level}"),
        generic_tail=re.compile(f"(?:{func_seq})?(?:{lx['generic_tail']})"),
        meeting=re.compile(lx["meeting_pattern"]),
        order=re.compile(lx["order_pattern"]),
        generic_before=re.compile(f"(?:{generic})$|{lx['generic_before_pattern']}"),
        level_deny=lx["level_deny_before"],
        party_functions=re.compile(_alternation(lx["party_functions"])),
        abbreviated=frozenset(lx["abbreviated_bodies"]),
        rooms=frozenset(lx["rooms"]),
        owners=re.compile(_alternation(list(owners))),
        owner_kinds=owners,
        owner_tail=re.compile("委员会|委(?![员托派任屈婉])"),
        division_label=re.compile(lx["division_label"]),
        prefixed_suffixes=tuple(lx["coordination_prefixed_suffixes"]),
        division_free_excluded=tuple(lx["division_free_text_excluded_stems"]),
        levels=tuple(lx["levels"]),
        coordination_max=int(lx["coordination_max_topic"]),
        division_max=int(lx["division_max_topic"]),
    )


def _kind(match: re.Match[str], group: str, g: Grammar) -> str:
    if group == "natalone":
        return "government" if match.group(group) == "国务院" else "party"
    if group == "tuan":
        return "people_org"
    if group == "natoffice":
        return "party" if match.group("nat") in ("中共中央", "中央") else "government"
    if group == "func":
        func = match.group("func")
        if g.party_functions.match(func) and (func.endswith("部") or func.endswith("委")):
            return "party"
    return _CORE_KINDS[group]


def _main_candidates(text: str, regions: dict[int, FoundRegion],
                     starting: dict[int, FoundRegion], g: Grammar,
                     generic_ends: set[int]) -> list[FoundOrg]:
    """Bodies of the grammar's main pattern, with their region prefix attached.

    ``regions`` maps the end of each place name to it, ``starting`` its start. Ends of
    generic references are added to ``generic_ends`` (各县市区民政局、财政局: both generic).
    """
    out: list[FoundOrg] = []
    for match in g.main.finditer(text):
        group = match.lastgroup or ""  # the core's group closes last
        start, end = match.start(), match.end()
        level, nat = match.group("lvl"), match.group("nat")
        region = None
        if level:
            region = regions.get(match.end("lvl"))
            if region is None or region.end - region.start <= len(level):
                region = None
                before = text[start - 1:start] if start else ""
                if before and before in g.level_deny.get(level, ""):
                    generic_ends.add(end)
                    continue  # 城市民政局, 社区委员会, 市州人民政府
        elif not nat:
            region = regions.get(start)
        if region is not None and region.level != "relative":
            start = region.start
        else:
            region = None
        if not (level or nat or region) and (
                group in _NEEDS_PREFIX or group == "func" and match.group("func") in g.abbreviated):
            continue  # 政府, 民委 (in 村民委员会) alone
        if not (level or nat or region) and text[start:end] in g.rooms:
            continue  # 村卫生室, 档案室: rooms and clinics
        if group in ("party", "gov") and g.generic_tail.match(text, end):
            generic_ends.add(end)
            continue  # 市委组织部门, 市政府系统
        if group == "natoffice" and not nat:
            continue
        if (region is not None or level) and group in ("party", "disc") and text.endswith(
                "中共", 0, start):
            start -= 2  # 中共沈阳市委组织部
        org = FoundOrg(start, end, _kind(match, group, g), tuple(region.codes) if region else ())
        previous = out[-1] if out else None
        if (previous is not None and previous.end == start and region is not None
                and text.endswith("总局", 0, previous.end)):
            # 国家税务总局江西省税务局: a vertically managed bureau under its national head.
            previous.end = end
            previous.region_codes = org.region_codes
            continue
        out.append(org)
    return out


def _owner_candidates(text: str, starting: dict[int, FoundRegion], g: Grammar
                      ) -> list[FoundOrg]:
    """A body named before a region's committee, and democratic parties.

    政协沈阳市委员会 / 中共吉林省委 / 民盟宜昌市委 / 民建中央
    """
    out = []
    for match in g.owners.finditer(text):
        kind = g.owner_kinds[match.group()]
        region = starting.get(match.end())
        if region is not None:
            tail = g.owner_tail.match(text, region.end)
            if tail:
                out.append(FoundOrg(match.start(), tail.end(), kind, tuple(region.codes)))
        elif text.startswith("中央", match.end()) and match.group() != "中共":
            out.append(FoundOrg(match.start(), match.end() + 2, kind))
    return out


def _topic_start(text: str, end: int, limit: int, stops: re.Pattern[str], floor: int) -> int:
    """Where a topic ending at ``end`` begins: after the last stop within ``limit`` characters."""
    window_start = max(floor, end - limit, 0)
    start = window_start
    for stop in stops.finditer(text, window_start, end):
        start = stop.end()
    return start


def _topic_candidates(text: str, found: list[FoundOrg], starting: dict[int, FoundRegion],
                      ending: dict[int, FoundRegion], g: Grammar) -> list[FoundOrg]:
    """Coordination bodies, internal divisions and street offices: a free topic before a suffix.

    社区建设工作联席会议 / 省未成年人保护工作领导小组 / 长春市社区建设领导小组办公室
    基层政权和社区建设处 / 社会事务科 / 唐家墩街道办事处
    """
    ends = sorted(org.end for org in found)
    out = []

    def floor_for(pos: int) -> int:
        best = 0
        for end in ends:
            if end > pos:
                break
            best = end
        return best

    for pattern, kind, stops, limit, min_topic in (
            (g.coordination, "coordination", g.stops, g.coordination_max, 2),
            (g.division, "division", g.division_stops, g.division_max, 0),
            (g.street_office, "government", g.street_stops, 5, 2)):
        for match in pattern.finditer(text):
            suffix_start = match.start()
            start = _topic_start(text, suffix_start, limit, stops, floor_for(suffix_start))
            while start < suffix_start and text[start] in "和与及":
                start += 1
            for pos in range(start + 1, suffix_start + 1):
                region = ending.get(pos)
                if region is not None and region.start < start:
                    start = region.start  # 二道区东站街道办事处: the district is part of the name
                    break
            topic = text[start:suffix_start]
            if kind == "division":
                topic = text[start:match.end() - 1]  # the stem is part of the name
                if len(topic) < 3 or not _division_context(text, start, match, found, g):
                    continue
            elif len(topic.removesuffix("工作")) < min_topic:
                continue
            codes: tuple[str, ...] = ()
            region = starting.get(start)
            if region is not None and region.end <= suffix_start:
                codes = tuple(region.codes)
            if (kind == "coordination" and match.group().startswith(g.prefixed_suffixes) and not codes
                    and not topic.startswith(g.levels)):
                continue  # 专项工作组, 指挥部: only a named region's (省…工作组) is a body
            out.append(FoundOrg(start, match.end(),
                                "party" if match.group().endswith(("党工委", "党委")) else kind,
                                codes))
    return out


def _division_context(text: str, start: int, match: re.Match[str], found: list[FoundOrg],
                      g: Grammar) -> bool:
    """Whether a division-like name is a bureau's division here (see the lexicon's note)."""
    line_start = text.rfind("\n", 0, start) + 1
    if g.division_label.search(text, max(line_start, start - 12), start):
        return True  # 承办处室：区划地名处
    if text[start - 1:start] in "(（" and text[match.end():match.end() + 1] in ")）":
        return True  # 区民政局(社会救助科)
    if any(org.end == start for org in found):
        return True  # 市民政局社会事务处
    return not text.endswith(g.division_free_excluded, start, match.start())


def _mask(text: str, g: Grammar, titles: list[tuple[int, int]]) -> tuple[bytearray, set[int]]:
    """Characters inside titles and meeting names, and where order numbers start."""
    mask = bytearray(len(text) + 1)
    for start, end in titles:
        mask[start:end] = b"\x01" * (end - start)
    for match in g.meeting.finditer(text):
        mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return mask, {match.start() for match in g.order.finditer(text)}


def find_orgs(text: str, titles: list[tuple[int, int]] | None = None,
              regions: list[FoundRegion] | None = None) -> list[FoundOrg]:
    """Every body mention in ``text``, longest first where candidates overlap.

    ``titles`` are the ``(start, end)`` ranges of 《》 titles (found again when not given);
    ``regions`` the place names of :func:`find_regions` (found when not given).
    """
    g = grammar()
    if regions is None:
        regions = find_regions(text)
    if titles is None:
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]*》", text)]
    places = [r for r in regions if r.level not in ("relative", "street", "community")]
    by_end = {r.end: r for r in places}
    by_start = {r.start: r for r in places}
    generic_ends: set[int] = set()
    found = _main_candidates(text, by_end, by_start, g, generic_ends)
    found.extend(_owner_candidates(text, by_start, g))
    found.extend(_topic_candidates(text, found, by_start, by_end, g))
    mask, orders = _mask(text, g, titles)
    # Longest first where candidates overlap, then drop masked and generic ones in text order.
    found.sort(key=lambda o: (o.start - o.end, o.start))
    chosen: list[FoundOrg] = []
    occupied = bytearray(len(text) + 1)
    for org in found:
        if occupied.find(1, org.start, org.end) < 0:
            occupied[org.start:org.end] = b"\x01" * (org.end - org.start)
            chosen.append(org)
    chosen.sort(key=lambda o: o.start)
    kept = []
    for org in chosen:
        if mask.find(1, org.start, org.end) >= 0 or org.end in orders:
            continue  # inside 《》 or a meeting name; 国务院令第343号
        if g.generic_before.search(text, max(0, org.start - 8), org.start) or (
                org.start >= 1 and text[org.start - 1] == "、" and org.start - 1 in generic_ends
                and not org.region_codes and text[org.start] not in "省市县区州"):
            generic_ends.add(org.end)
            continue  # 各区人民政府, 有关民政局; 各县市区民政局、财政局
        kept.append(org)
    return kept


class OrgRecognizer:
    def __call__(self, doc: Doc, spans: bool = True) -> Doc:
        text = doc_text(doc)
        titles = span_ranges(doc, "title")
        regions = doc.user_data.get("kg_regions")
        if regions is None:
            regions = doc.user_data["kg_regions"] = find_regions(text)
        orgs = find_orgs(text, titles, regions)
        put_spans(doc, "org", [(org.start, org.end) for org in orgs], "ORG", orgs, sort=True, spans=spans)
        return doc


@Language.factory("kg_orgs")
def create_recognizer(nlp: Language, name: str) -> OrgRecognizer:
    return OrgRecognizer()
