"""Reading imports: text from PDF, DOCX, HTML or plain text, then what it says.

Two readers: ``read_profile`` recognises a city profile page of the international network of
cities' repository (the page chrome and navigation may be in another language than the
content; headings and labels are recognised in English, French and Dutch), and
``read_document`` splits an action plan or report into sections by heading and finds the
actions and their leads where the document states them. Both only read: they return what they
recognised for review; ``hub/actions.py`` saves it. Text that cannot be placed is returned as
such, never dropped, and the import record keeps the whole text.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from samen.core import archives
from samen.hub.language import detect_language, fold

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# A DOCX is inspected before python-docx opens it: python-docx reads every part into memory
# and lxml builds a tree of each XML part, so the inflated sizes are kept well under memory.
DOCX_LIMITS = archives.ArchiveLimits(
    max_entries=2_000,
    max_entry_size=25 * 1024 * 1024,
    max_total_size=60 * 1024 * 1024,
    forbid_xml_dtd=True,
)


class UnreadableFile(ValueError):
    """The file cannot be read."""


# --- extraction --------------------------------------------------------------------------


@dataclass
class Extracted:
    text: str
    source_format: str


def extract(name: str, data: bytes) -> Extracted:
    """The text of an uploaded file; headings of DOCX and HTML come out as '# ' lines."""
    lower = name.lower()
    if data.startswith(b"%PDF") or lower.endswith(".pdf"):
        return Extracted(_pdf_text(data), "pdf")
    if data.startswith(b"PK") or lower.endswith(".docx"):
        return Extracted(_docx_text(data), "docx")
    text = _decode(data)
    head = text.lstrip()[:500].lower()
    if lower.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")):
        return Extracted(html_text(text), "html")
    return Extracted(text, "text")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    except PdfReadError as exc:
        raise UnreadableFile("not a readable PDF") from exc
    except Exception as exc:  # any parser failure on an upload is a refusal, never a 500
        raise UnreadableFile("not a readable PDF") from exc


def _docx_text(data: bytes) -> str:
    import docx

    try:
        # Sizes from the central directory, ratios, nested archives and XML without a DTD
        # (no entity expansion) are checked before anything is inflated or parsed.
        archives.inspect(data, DOCX_LIMITS).close()
    except archives.UnsafeArchive as exc:
        raise UnreadableFile("not an acceptable DOCX") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # lxml's XMLSyntaxError, KeyError, BadZipFile …: a refusal
        raise UnreadableFile("not a readable DOCX") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            lines.append("")
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        match = re.match(r"(?i)heading (\d)", style)
        if style.lower() == "title":
            lines += ["", f"# {text}", ""]
        elif match:
            lines += ["", f"{'#' * min(int(match.group(1)), 6)} {text}", ""]
        elif "list" in style.lower():
            lines.append(f"• {_bold_lead(paragraph)}")
        else:
            lines.append(_bold_lead(paragraph))
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _bold_lead(paragraph: object) -> str:
    """A paragraph whose first run is bold keeps that run marked as **bold** (an action title)."""
    runs = list(getattr(paragraph, "runs", []))
    text = getattr(paragraph, "text", "").strip()
    if runs and runs[0].bold and runs[0].text.strip() and len(runs) > 1:
        first = runs[0].text.strip()
        rest = "".join(run.text for run in runs[1:]).strip()
        return f"**{first}** {rest}".strip()
    return text


class _HtmlText(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    BLOCK = {"p", "div", "section", "article", "br", "tr", "ul", "ol", "dl", "dt", "dd", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in {"strong", "b"}:
            self.parts.append("**")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag == "p":
            self.parts.append("\n\n")
        elif tag in {"strong", "b"}:
            self.parts.append("**")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- shared helpers ------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-•▶►▪◦·‣]\s*|\*\s+)+")
# "Read more / read less" links of the page, in the chrome's language, at the end of a line.
_MORE_LESS = re.compile(
    r"(?:\s*(?:en savoir plus\s*»?|en lire moins|read more\s*»|read less|lees meer\s*»?|"
    r"lees minder|meer lezen|minder lezen))+\s*$",
    re.IGNORECASE,
)


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line)) and bool(_BULLET.sub("", line).strip())


def _unbullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


def _label(line: str) -> str:
    """A line folded for comparison with known headings and labels."""
    text = fold(line).strip().strip("'\"‘’“”«»:").strip()  # noqa: RUF001
    return re.sub(r"\s+", " ", text)


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _paragraphs(lines: list[str]) -> str:
    cleaned = [_MORE_LESS.sub("", line.rstrip()) for line in lines]
    text = "\n".join(cleaned)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# --- city profiles -----------------------------------------------------------------------

PROFILE_HEADINGS: dict[str, list[str]] = {
    "background": ["background", "contexte", "achtergrond", "historique"],
    "national_overview": [
        "national overview",
        "apercu national",
        "contexte national",
        "nationaal overzicht",
        "landelijk overzicht",
    ],
    "local_overview": ["local overview", "apercu local", "contexte local", "lokaal overzicht"],
    "key_information": [
        "key information",
        "informations cles",
        "information cle",
        "kerngegevens",
        "belangrijkste gegevens",
    ],
    "key_initiatives": [
        "key initiatives",
        "initiatives cles",
        "belangrijkste initiatieven",
        "kerninitiatieven",
    ],
    "additional": [
        "additional activities by sector",
        "activites supplementaires par secteur",
        "aanvullende activiteiten per sector",
    ],
    "sources": [
        "key sources & further reading",
        "key sources and further reading",
        "sources",
        "sources cles et lectures complementaires",
        "bronnen",
        "bronnen en verder lezen",
    ],
    "working_groups": [
        "scn working groups",
        "working groups",
        "groupes de travail",
        "groupes de travail scn",
        "werkgroepen",
    ],
    "keywords": ["mots cles", "keywords", "key words", "trefwoorden"],
    "leadership": [
        "local political leadership",
        "leadership politique local",
        "direction politique locale",
        "lokaal politiek leiderschap",
        "lokaal bestuur",
    ],
}
_HEADING_OF = {label: key for key, labels in PROFILE_HEADINGS.items() for label in labels}

KEY_INFO_LABELS: dict[str, list[str]] = {
    "city": ["city", "ville", "stad", "gemeente"],
    "country": ["country", "pays", "land"],
    "region": ["region", "regio", "province", "provincie"],
    "population": ["population", "inwoners", "inwonertal", "bevolking", "aantal inwoners"],
    "leadership": PROFILE_HEADINGS["leadership"] + ["political leader", "leader politique"],
}
_KEY_INFO_OF = {label: key for key, labels in KEY_INFO_LABELS.items() for label in labels}
_NAME_LABELS = {"prenom", "nom", "name", "naam", "voornaam", "first name"}
_ROLE_LABELS = {"role", "rol", "fonction", "functie", "function"}


@dataclass
class ParsedInitiative:
    title: str
    description: str
    key: bool = True


@dataclass
class ParsedKeyword:
    label: str
    concept_code: str | None


@dataclass
class ParsedProfile:
    city: str = ""
    country: str = ""
    region: str = ""
    population: int | None = None
    leader_name: str = ""
    leader_role: str = ""
    background: str = ""
    national_overview: str = ""
    local_overview: str = ""
    working_groups: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    initiatives: list[ParsedInitiative] = field(default_factory=list)
    keywords: list[ParsedKeyword] = field(default_factory=list)
    language: str = ""
    unplaced: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)

    @property
    def key_initiatives(self) -> list[ParsedInitiative]:
        return [i for i in self.initiatives if i.key]

    @property
    def other_activities(self) -> list[ParsedInitiative]:
        return [i for i in self.initiatives if not i.key]


def looks_like_profile(text: str) -> bool:
    """True when the text has the headings of a city profile page."""
    found = {_HEADING_OF.get(_label(line)) for line in text.splitlines() if len(line) < 80}
    return "key_information" in found and bool(found & {"key_initiatives", "background"})


def _is_unknown_heading(line: str) -> bool:
    stripped = line.strip().strip("'\"‘’")  # noqa: RUF001
    letters = [c for c in stripped if c.isalpha()]
    return (
        5 <= len(stripped) <= 60
        and len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not _is_bullet(line)
    )


@dataclass
class _ProfileSection:
    key: str
    heading: str
    lines: list[str] = field(default_factory=list)


def read_profile(text: str, vocabulary: Vocabulary | None = None) -> ParsedProfile:
    """Recognise the fields of a city-profile page; keep what cannot be placed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    preamble: list[str] = []
    sections: list[_ProfileSection] = []
    for line in lines:
        label = _label(line)
        current = sections[-1] if sections else None
        if current is not None and current.key == "key_information" and label in _KEY_INFO_OF:
            current.lines.append(line)
            continue
        key = _HEADING_OF.get(label) if not _is_bullet(line) else None
        if key is not None:
            sections.append(_ProfileSection(key, line.strip()))
        elif _is_unknown_heading(line) and sections:
            sections.append(_ProfileSection("unknown", line.strip()))
        elif current is None:
            preamble.append(line)
        else:
            current.lines.append(line)

    parsed = ParsedProfile()
    leftovers: list[tuple[str, list[str], bool]] = []  # (heading, lines, after the profile)
    _read_title(preamble, parsed)
    for section in sections:
        body = section.lines
        if section.key in {"background", "national_overview", "local_overview"}:
            setattr(parsed, section.key, _join_field(getattr(parsed, section.key), body))
        elif section.key == "key_information":
            leftovers += [(section.heading, rest, False) for rest in _read_key_info(body, parsed)]
        elif section.key in {"key_initiatives", "additional"}:
            items, rest = _read_items(body, key=section.key == "key_initiatives")
            parsed.initiatives += items
            if rest:
                leftovers.append((section.heading, rest, False))
        elif section.key == "working_groups":
            groups, rest = _bullets_and_rest(body)
            parsed.working_groups += groups
            if rest:
                leftovers.append((section.heading, rest, False))
        elif section.key == "sources":
            parsed.sources += [_unbullet(line) for line in body if line.strip() and _unbullet(line)]
        elif section.key == "keywords":
            blocks = _blocks(body)
            if blocks:
                parsed.keywords += split_keywords(" ".join(blocks[0]), vocabulary)
            leftovers += [(section.heading, block, True) for block in blocks[1:]]
        elif section.key == "leadership":
            leftovers += [(section.heading, rest, True) for rest in _read_leadership(body, parsed)]
        else:
            leftovers.append((section.heading, body, False))

    parsed.language = detect_language(
        " ".join(
            [parsed.background, parsed.local_overview, parsed.national_overview]
            + [i.description for i in parsed.initiatives]
        )
    )
    chrome_blocks = [block for block in _blocks(preamble)]
    for heading, body, after in leftovers:
        for block in _blocks(body):
            text_block = _paragraphs(block)
            if not text_block:
                continue
            language = detect_language(text_block)
            foreign = bool(language) and bool(parsed.language) and language != parsed.language
            if after or foreign:
                chrome_blocks.append(block)
            else:
                parsed.unplaced.append(f"{heading}\n{text_block}" if heading else text_block)
    parsed.chrome = [_paragraphs(block) for block in chrome_blocks if _paragraphs(block)]
    return parsed


def _join_field(existing: str, body: list[str]) -> str:
    text = _paragraphs(body)
    return f"{existing}\n\n{text}".strip() if existing else text


def _read_title(preamble: list[str], parsed: ParsedProfile) -> None:
    """The page title ('Utrecht, Pays-Bas'): city and country until key information says more."""
    for line in reversed(preamble):
        stripped = line.strip()
        if stripped and not _is_bullet(line) and re.fullmatch(r"[^,]{2,60},[^,]{2,60}", stripped):
            city, country = (part.strip() for part in stripped.split(","))
            parsed.city, parsed.country = city, country
            return


def _read_key_info(body: list[str], parsed: ParsedProfile) -> list[list[str]]:
    """Label and value lines ('City' / 'Utrecht'); returns lines it could not place."""
    rest: list[str] = []
    label: str | None = None
    for line in body:
        if not line.strip():
            continue
        key = _KEY_INFO_OF.get(_label(line))
        if key is not None and label is None:
            label = key
            continue
        if label is None:
            rest.append(line)
            continue
        value = line.strip()
        if label == "population":
            digits = re.sub(r"\D", "", value)
            parsed.population = int(digits) if digits else None
            if not digits:
                rest.append(line)
        elif label == "leadership":
            role, name = _role_and_name(value)
            parsed.leader_name = parsed.leader_name or name
            parsed.leader_role = parsed.leader_role or role
        else:
            setattr(parsed, label, value)
        label = None
    return [rest] if rest else []


_ROLE_WORDS = ("mayor", "maire", "burgemeester", "bourgmestre", "governor", "gouverneur")


def _role_and_name(value: str) -> tuple[str, str]:
    """'Mayor Jan van Zanen' -> ('Mayor', 'Jan van Zanen')."""
    first, _, rest = value.partition(" ")
    if fold(first) in _ROLE_WORDS and rest:
        return first, rest.strip()
    return "", value


def _read_leadership(body: list[str], parsed: ParsedProfile) -> list[list[str]]:
    rest: list[str] = []
    for line in body:
        if not line.strip():
            rest.append("")
            continue
        label, sep, value = line.partition(":")
        if sep and _label(label) in _NAME_LABELS and value.strip():
            parsed.leader_name = value.strip()
        elif sep and _label(label) in _ROLE_LABELS and value.strip():
            parsed.leader_role = value.strip()
        elif parsed.leader_name and fold(line.strip()) == fold(parsed.leader_name):
            continue  # the name repeated under the portrait
        else:
            rest.append(line)
    return [rest] if any(line.strip() for line in rest) else []


def _read_items(body: list[str], *, key: bool) -> tuple[list[ParsedInitiative], list[str]]:
    """Bulleted items: the bullet line is the title, the lines below its description."""
    items: list[ParsedInitiative] = []
    rest: list[str] = []
    current: list[str] = []

    def close() -> None:
        if items:
            title = items[-1].title
            kept = []
            for line in current:
                cleaned = _MORE_LESS.sub("", line).strip()
                if fold(cleaned) == fold(title):
                    continue  # the title repeated by the "read less" link
                kept.append(line)
            items[-1].description = _paragraphs(kept)

    for line in body:
        if _is_bullet(line) and not line.startswith(("      ", "\t\t")):
            close()
            current = []
            items.append(ParsedInitiative(_MORE_LESS.sub("", _unbullet(line)).strip(), "", key))
        elif items:
            current.append(line)
        else:
            rest.append(line)
    close()
    return items, [line for line in rest if line.strip()]


def _bullets_and_rest(body: list[str]) -> tuple[list[str], list[str]]:
    bullets = [_unbullet(line).rstrip(".") for line in body if _is_bullet(line)]
    rest = [line for line in body if line.strip() and not _is_bullet(line)]
    return bullets, rest


# --- keywords and the thesaurus ----------------------------------------------------------


@dataclass
class Vocabulary:
    """Known keyword labels (folded word sequences) -> (label to keep, concept code or None)."""

    entries: dict[tuple[str, ...], tuple[str, str | None]] = field(default_factory=dict)

    def add(self, label: str, concept_code: str | None) -> None:
        key = tuple(_label(label).split())
        if key and key not in self.entries:
            self.entries[key] = (label, concept_code)

    @property
    def longest(self) -> int:
        return max((len(k) for k in self.entries), default=1)


_CONNECTORS = {"et", "de", "la", "le", "des", "du", "and", "of", "en", "van", "het", "l", "d"}


def split_keywords(line: str, vocabulary: Vocabulary | None) -> list[ParsedKeyword]:
    """Split a keyword line with no separators ("Contre-discours Travail Social") by the
    thesaurus (longest match first); unknown words are grouped at capital letters."""
    vocabulary = vocabulary or Vocabulary()
    if re.search(r"[,;|]", line):
        parts = [p.strip() for p in re.split(r"[,;|]", line) if p.strip()]
        return [_keyword(part, vocabulary) for part in parts]
    tokens = line.split()
    folded = [_label(t) for t in tokens]
    result: list[ParsedKeyword] = []
    unknown: list[str] = []

    def flush() -> None:
        group: list[str] = []
        for token in unknown:
            starts = token[:1].isupper() and group and fold(group[-1]) not in _CONNECTORS
            if starts:
                result.append(ParsedKeyword(" ".join(group), None))
                group = []
            group.append(token)
        if group:
            result.append(ParsedKeyword(" ".join(group), None))
        unknown.clear()

    i = 0
    while i < len(tokens):
        for size in range(min(vocabulary.longest, len(tokens) - i), 0, -1):
            entry = vocabulary.entries.get(tuple(folded[i : i + size]))
            if entry is not None:
                flush()
                result.append(ParsedKeyword(" ".join(tokens[i : i + size]), entry[1]))
                i += size
                break
        else:
            unknown.append(tokens[i])
            i += 1
    flush()
    return result


def _keyword(label: str, vocabulary: Vocabulary) -> ParsedKeyword:
    entry = vocabulary.entries.get(tuple(_label(label).split()))
    return ParsedKeyword(label, entry[1] if entry else None)


# --- documents ---------------------------------------------------------------------------


@dataclass
class ParsedAction:
    title: str
    description: str = ""
    lead: str = ""
    partners: str = ""


@dataclass
class ParsedSection:
    heading: str
    level: int
    path: str
    body: str
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedDocument:
    title: str
    language: str
    sections: list[ParsedSection]

    @property
    def actions(self) -> list[ParsedAction]:
        return [action for section in self.sections for action in section.actions]


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")
_LEAD = re.compile(
    r"^(?:\*\*)?\s*(trekkers?|lead|leads|lead partner|lead organisation|pilote|pilotes|"
    r"responsable|porteur|chef de file)\s*(?:\*\*)?\s*:+\s*(?:\*\*)?\s*(.*)$",
    re.IGNORECASE,
)
_PARTNERS = re.compile(
    r"^(?:\*\*)?\s*(deelnemers werkgroep|deelnemers|werkgroep|working group|participants|"
    r"partenaires|partners)\s*(?:\*\*)?\s*:+\s*(?:\*\*)?\s*(.*)$",
    re.IGNORECASE,
)
_ACTIONS_LIST = re.compile(r"^(?:\*\*)?\s*(acties|actions|actiepunten)\s*:?\s*(?:\*\*)?$", re.I)
_BOLD_ITEM = re.compile(r"^\*\*(.+?)\*\*\s*[:.]?\s*(.*)$")
_FIELD_LINE = re.compile(r"^[\w ]{1,30}:\s*\S")


# "Workshop 1: How to flag …", "Atelier 2 : …", "Thema 3 - …": a heading however long.
_LABELLED_HEADING = re.compile(
    r"^(workshop|atelier|panel|chapter|chapitre|hoofdstuk|thema|theme|th[eè]me|deel|part|"
    r"partie|bijlage|annex|annexe|session|sessie|module|step|stap|[ée]tape)\s+\d{1,2}\s*[:.\u2013-]\s*\S",
    re.IGNORECASE,
)
# An entry of a table of contents: text, then dots, a tab or spaces, then a page number.
_TOC_LINE = re.compile(r"^(?P<text>\S.*?\S)\s*(?:\.{2,}|…+)?\s*(?:\t+|\s{2,}|\.{2,}\s*)(\d{1,3})$")
_TOC_HEADINGS = {
    "table of contents",
    "contents",
    "inhoud",
    "inhoudsopgave",
    "sommaire",
    "table des matieres",
}
_COLOPHON = {"colofon", "colophon", "impressum", "mentions legales", "credits", "credit"}
# Front and back matter that is never a document's title.
_NOT_A_TITLE = (
    _TOC_HEADINGS
    | _COLOPHON
    | {
        "voorwoord",
        "foreword",
        "preface",
        "avant-propos",
        "summary",
        "samenvatting",
        "resume",
        "inleiding",
        "introduction",
    }
)
# Addresses, e-mail and web addresses, telephone numbers: never a heading.
_CONTACT = re.compile(
    r"@|https?://|www\.|\bp\.?\s?o\.? box\b|\bpostbus\b|\b\d{4}\s?[a-z]{2}\b|"
    r"\b(?:tel|phone|t[ée]l[ée]phone|fax)\b|\+\d{2}",
    re.IGNORECASE,
)


def _toc_key(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text)).strip(" .…:")


def table_of_contents(lines: list[str]) -> set[str]:
    """The entries of a document's table of contents (folded): lines ending in a page number
    after dots or a tab, and the cells of a table whose cells alternate text and page."""
    entries: set[str] = set()
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            for text, page in itertools.pairwise(cells):
                if text and not text.isdigit() and re.fullmatch(r"\d{1,3}", page):
                    entries.add(_toc_key(text))
            continue
        match = _TOC_LINE.match(stripped)
        if match and ("\t" in line or ".." in line or "…" in line):
            entries.add(_toc_key(match.group("text")))
    return {e for e in entries if len(e) > 2}


@dataclass
class _Layout:
    toc: set[str] = field(default_factory=set)
    past_toc: bool = False  # past the table of contents (the title page comes before it)
    colophon: bool = False  # past a colophon heading: only numbered headings from here


def _heading_of(
    lines: list[str], i: int, layout: _Layout | None = None
) -> tuple[int | None, str, bool]:
    """(level from numbering or '#', text, is a heading) for line i; level None = plain."""
    layout = layout or _Layout()
    line = lines[i].strip()
    match = _MARKDOWN_HEADING.match(line)
    if match:
        return len(match.group(1)), match.group(2).strip(), True
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    if not (before and after) or not line or _is_bullet(line) or line.startswith("|"):
        return None, line, False
    if _CONTACT.search(line) or _TOC_LINE.match(line):
        return None, line, False
    in_toc = _toc_key(line) in layout.toc
    labelled = bool(_LABELLED_HEADING.match(line))
    if len(line) > (200 if in_toc or labelled else 90) or line[-1] in ".,;!" or "**" in line:
        return None, line, False
    if line[-1] == ":" and not labelled:
        return None, line, False
    if _LEAD.match(line) or _PARTNERS.match(line) or _ACTIONS_LIST.match(line):
        return None, line, False
    numbered = _NUMBERED_HEADING.match(line)
    if numbered and numbered.group(2)[:1].isupper():
        return numbered.group(1).count(".") + 1, line, True
    if layout.colophon:
        return None, line, False
    if in_toc or labelled:
        return None, line, True
    if len(line) > 70 or len(line.split()) > 10 or not line[:1].isupper():
        return None, line, False
    if _FIELD_LINE.match(line) and not re.match(r"^\w+ \d+:", line):
        return None, line, False
    if layout.past_toc and len(line.split()) > 3 and not line.endswith("?"):
        return None, line, False  # the document lists its headings; this is not one of them
    return None, line, True


def _title(sections: list[ParsedSection], lines: list[str]) -> str:
    """The first heading that is not front or back matter; a subtitle on the title page (a
    second heading right after it, neither with text) is added after a dash."""
    candidates = [s for s in sections if s.heading and _toc_key(s.heading) not in _NOT_A_TITLE]
    if not candidates:
        return next((line.strip() for line in lines if line.strip()), "")
    first = candidates[0]
    index = sections.index(first)
    title = first.heading
    if not first.body and index + 1 < len(sections):
        following = sections[index + 1]
        plain = not _NUMBERED_HEADING.match(following.heading)
        if (
            plain
            and not following.body
            and following.heading
            and _toc_key(following.heading) not in _NOT_A_TITLE
            and len(title) + len(following.heading) < 200
        ):
            title = f"{title} — {following.heading}"
    return title


def read_document(text: str, title: str = "") -> ParsedDocument:
    """Split a document into sections by heading; find actions with their lead."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    layout = _Layout(toc=table_of_contents(lines))
    sections: list[ParsedSection] = []
    stack: list[tuple[int, str]] = []
    base = 0
    current_heading, current_level, current_path = "", 1, ""
    body: list[str] = []

    def close() -> None:
        text_body, actions = _read_section_body(body)
        if text_body or current_heading:
            sections.append(
                ParsedSection(current_heading, current_level, current_path, text_body, actions)
            )

    label_open = False  # after "Trekker:" on its own line, the names follow on the next lines
    for i, line in enumerate(lines):
        level, heading, is_heading = _heading_of(lines, i, layout)
        stripped = _unbullet(line) if _is_bullet(line) else line.strip()
        label = _LEAD.match(stripped) or _PARTNERS.match(stripped)
        if label is not None:
            label_open = not label.group(2).replace("**", "").strip()
        elif label_open and stripped:
            ends = _is_bullet(line) or stripped.endswith(("?", ":")) or level is not None
            label_open = not ends and not _ACTIONS_LIST.match(stripped)
            is_heading = is_heading and not label_open
        if not is_heading:
            body.append(line)
            continue
        close()
        body = []
        if _toc_key(heading) in _COLOPHON:
            layout.colophon = True
        if _toc_key(heading) in _TOC_HEADINGS and layout.toc:
            layout.past_toc = True
        if level is None:
            level = min(6, base + (2 if heading.endswith("?") else 1))
        else:
            base = level
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        current_heading, current_level = heading[:300], level
        current_path = " › ".join(h for _, h in stack)[:600]  # noqa: RUF001
    close()
    language = detect_language(text)
    return ParsedDocument((title or _title(sections, lines))[:300], language, sections)


def _read_section_body(lines: list[str]) -> tuple[str, list[ParsedAction]]:
    """The section's text (bullets as '•', no bold marks) and the actions it states."""
    actions: list[ParsedAction] = []
    found = {"lead": "", "partners": ""}
    open_label = ""  # a label whose value follows on the next lines
    in_actions_list = False
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        bullet = _is_bullet(line)
        content = _unbullet(line) if bullet else stripped
        lead = _LEAD.match(content)
        partners = _PARTNERS.match(content)
        if lead is not None or partners is not None:
            match = lead or partners
            assert match is not None
            open_label = "lead" if lead is not None else "partners"
            found[open_label] = match.group(2).replace("**", "").strip()
            if found[open_label]:
                open_label = ""
        elif _ACTIONS_LIST.match(content):
            in_actions_list, open_label = True, ""
        elif open_label and stripped and not bullet:
            found[open_label] = f"{found[open_label]} {content.replace('**', '')}".strip()
        elif bullet and (bold := _BOLD_ITEM.match(content)) is not None:
            open_label = ""
            title = bold.group(1).strip().rstrip(".:").strip()
            actions.append(
                ParsedAction(title[:300], bold.group(2).strip(), found["lead"], found["partners"])
            )
        elif bullet and in_actions_list:
            head, _, tail = content.partition(". ")
            actions.append(
                ParsedAction(
                    head.rstrip(".:;")[:300], tail.strip(), found["lead"], found["partners"]
                )
            )
        elif stripped and not bullet:
            in_actions_list = False
        if stripped:
            kept.append(("• " + content if bullet else stripped).replace("**", ""))
        else:
            kept.append("")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return text, actions
