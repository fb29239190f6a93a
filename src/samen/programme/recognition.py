"""A draft action plan recognised from a document imported into the knowledge hub.

The hub splits a document into sections and recognises the actions it states with their lead
("Trekker:") and working group. This module reads those sections and actions as an action plan:

- a **theme** is a section followed by sections that ask the plan's questions ("Waar staan we
  nu?", "Where do we want to be?", "Que fera la commune ?" …); their text answers the questions;
- the theme's **actions** are the hub's actions in those sections; under "what does the
  municipality do" they are the municipality's own, elsewhere done together with partners;
- the **lead** and the **working group** are matched against the municipality's organisations
  and users by name (normalised, exact substrings); what does not match stays as text;
- **criteria** are the bullets after a line saying initiatives are tested against them;
  **risks** the hub's actions in a section about risks; **budget** lines the bullets with an
  amount in euro in a section about finances (a subsidy when the paragraph before says so).

Nothing is created here: the coordinator reviews every item and confirms it
(``programme.actions.importing``). Recognition is a pure function of the document, so the review
page and its confirmation see the same draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from samen.accounts.models import Organisation, User
from samen.core.blind_index import normalise
from samen.hub.models import Document, DocumentAction, Section
from samen.programme.models import BudgetLine, PlanAction

Named = TypeVar("Named")

QUESTIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "municipality_role",
        re.compile(
            r"wat (gaat|doet|zal) de gemeente|what (will|does) the (municipality|city)|"
            r"que (fera|fait) la (commune|ville|municipalite)",
        ),
    ),
    (
        "together",
        re.compile(
            r"wat gaan we samen|samen doen|what will we do together|do together|"
            r"que ferons-nous ensemble|ensemble",
        ),
    ),
    (
        "existing_work",
        re.compile(r"wat doen we al|what do we already|que faisons-nous deja|deja fait"),
    ),
    (
        "ambition",
        re.compile(
            r"waar willen we|over (2|twee) jaar|where do we want|in two years|ou voulons-nous|"
            r"dans deux ans",
        ),
    ),
    (
        "current_situation",
        re.compile(r"waar staan we|where are we|ou en sommes-nous|situation actuelle"),
    ),
]
_NUMBERING = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?\s+")
_CRITERIA = re.compile(
    r"(getoetst aan|toetsen aan|toetsingskader|criteria|tested against|assessed against|"
    r"criteres|evalue[es]* selon)"
)
_RISKS = re.compile(r"^(risico|risk|risque)")
_FINANCE = re.compile(r"^(financ|budget|begroting|kosten|costs|couts)")
_SUBSIDY = re.compile(r"subsidie|subsidy|subvention|aanvraag|request")
_EURO = re.compile(r"€\s*([\d.]+(?:,\d{1,2})?)")
_WORDS = re.compile(r"\w+")
_SPLIT = re.compile(r"\s*(?:[,;/]| en | and | et )\s*")


def question_of(heading: str) -> str:
    """The plan question a heading asks ("" when it asks none)."""
    text = normalise(heading)
    if not text.endswith("?") and "?" not in text:
        return ""
    return next((key for key, pattern in QUESTIONS if pattern.search(text)), "")


def _title(heading: str) -> str:
    return _NUMBERING.sub("", heading).strip()[:200]


def _clean(title: str) -> str:
    """A recognised title without the punctuation that ended it in the text."""
    return title.strip().rstrip(",;:.").strip()


@dataclass
class DraftAction:
    key: str
    title: str
    description: str
    mode: str
    lead_text: str
    partners_text: str
    lead_organisation: Organisation | None = None
    lead_user: User | None = None
    working_group: list[Organisation] = field(default_factory=list)
    other_partners: str = ""
    source: DocumentAction | None = None


@dataclass
class DraftTheme:
    key: str
    title: str
    level: int
    answers: dict[str, str] = field(default_factory=dict)
    actions: list[DraftAction] = field(default_factory=list)


@dataclass
class DraftBudgetLine:
    key: str
    title: str
    amount: Decimal
    source: str
    subsidy_status: str
    theme_key: str = ""


@dataclass
class DraftPlan:
    title: str
    themes: list[DraftTheme] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    risks: list[tuple[str, str]] = field(default_factory=list)
    budget: list[DraftBudgetLine] = field(default_factory=list)

    @property
    def actions(self) -> list[DraftAction]:
        return [action for theme in self.themes for action in theme.actions]


class Directory:
    """The organisations and users of one municipality, matched by name in free text."""

    def __init__(self, municipality_id: int) -> None:
        self.organisations = list(
            Organisation.objects.filter(pk=municipality_id)
            | Organisation.objects.filter(municipality_id=municipality_id)
        )
        self.users = list(
            User.objects.filter(
                is_active=True, organisation__in=[o.pk for o in self.organisations]
            ).select_related("organisation")
        )

    @staticmethod
    def _fold(text: str) -> str:
        """Words only, each between spaces: "Art.1, Midden" reads " art 1 midden "."""
        return " " + " ".join(_WORDS.findall(normalise(text))) + " "

    def _longest(self, text: str, candidates: Sequence[tuple[str, Named]]) -> Named | None:
        folded = self._fold(text)
        found = [
            (len(name), item)
            for name, item in candidates
            if name.strip() and self._fold(name) in folded
        ]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def organisation_in(self, text: str) -> Organisation | None:
        candidates = [(o.name, o) for o in self.organisations]
        return self._longest(text, candidates)

    def user_in(self, text: str) -> User | None:
        candidates = [(u.full_name, u) for u in self.users]
        return self._longest(text, candidates)

    def lead(self, text: str) -> tuple[Organisation | None, User | None]:
        user = self.user_in(text)
        organisation = self.organisation_in(text)
        if user is not None:
            organisation = user.organisation
        return organisation, user

    def working_group(self, text: str) -> tuple[list[Organisation], str]:
        matched: list[Organisation] = []
        other: list[str] = []
        for part in _SPLIT.split(text.replace("\n", " ")):
            part = part.strip(" .")
            if not part:
                continue
            organisation = self.organisation_in(part)
            if organisation is None:
                other.append(part)
            elif organisation not in matched:
                matched.append(organisation)
        return matched, ", ".join(other)


def _bullets_after(body: str, marker: re.Pattern[str]) -> list[str]:
    """The bullet lines that follow a line matching ``marker``."""
    found: list[str] = []
    collecting = False
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("•"):
            if collecting:
                found.append(stripped.lstrip("•▶ ").strip().rstrip(";.").strip())
            continue
        collecting = bool(marker.search(normalise(stripped))) and stripped.endswith(":")
    return [item[:500] for item in found if item]


def _amount(text: str) -> Decimal | None:
    match = _EURO.search(text)
    if match is None:
        return None
    value = match.group(1).replace(".", "").replace(",", ".")
    try:
        return Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return None


def _budget(body: str, themes: list[DraftTheme], start: int) -> list[DraftBudgetLine]:
    lines: list[DraftBudgetLine] = []
    subsidy = False
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("•"):
            subsidy = bool(_SUBSIDY.search(normalise(stripped)))
            continue
        amount = _amount(stripped)
        if amount is None:
            continue
        text = stripped.lstrip("•▶ ").strip()
        label = text.split(":", 1)[0] if ":" in text else text
        theme = next(
            (
                t
                for t in themes
                if normalise(t.title) in normalise(label) or normalise(label) in normalise(t.title)
            ),
            None,
        )
        lines.append(
            DraftBudgetLine(
                key=f"b{start + len(lines)}",
                title=text[:300],
                amount=amount,
                source=BudgetLine.Source.NATIONAL if subsidy else BudgetLine.Source.OWN,
                subsidy_status=BudgetLine.SubsidyStatus.REQUESTED if subsidy else "",
                theme_key=theme.key if theme else "",
            )
        )
    return lines


def recognise(document: Document, municipality_id: int) -> DraftPlan:
    """The draft plan the document describes, matched against one municipality's
    organisations and users."""
    sections: list[Section] = list(document.sections.order_by("position"))
    actions_by_section: dict[int, list[DocumentAction]] = {}
    for action in document.actions.order_by("position"):
        actions_by_section.setdefault(action.section_id or 0, []).append(action)
    directory = Directory(municipality_id)
    draft = DraftPlan(title=document.title[:200])
    theme: DraftTheme | None = None
    question = ""

    def add_actions(section: Section, mode: str) -> None:
        assert theme is not None
        for action in actions_by_section.get(section.pk, []):
            organisation, user = directory.lead(action.lead)
            group, other = directory.working_group(action.partners)
            theme.actions.append(
                DraftAction(
                    key=f"a{action.pk}",
                    title=_clean(action.title)[:300],
                    description=action.description,
                    mode=mode,
                    lead_text=action.lead,
                    partners_text=action.partners,
                    lead_organisation=organisation,
                    lead_user=user,
                    working_group=group,
                    other_partners=other,
                    source=action,
                )
            )

    for i, section in enumerate(sections):
        asked = question_of(section.heading)
        heading = normalise(section.heading)
        if asked and theme is not None:
            question = asked
            answer = theme.answers.get(asked, "")
            theme.answers[asked] = f"{answer}\n\n{section.body}".strip()
            mode = (
                PlanAction.Mode.ALONE if asked == "municipality_role" else PlanAction.Mode.TOGETHER
            )
            add_actions(section, mode)
            continue
        if asked:
            continue
        if theme is not None and section.level > theme.level:
            # A heading inside a question's answer: its text and actions belong to it.
            if question:
                theme.answers[question] += f"\n\n{section.heading}\n{section.body}".rstrip()
            add_actions(section, PlanAction.Mode.TOGETHER)
            continue
        theme, question = None, ""
        if _RISKS.match(_title(heading)):
            draft.risks += [
                (_clean(a.title)[:300], a.description)
                for a in actions_by_section.get(section.pk, [])
            ]
        if _FINANCE.match(_title(heading)):
            draft.budget += _budget(section.body, draft.themes, len(draft.budget))
        draft.criteria += _bullets_after(section.body, _CRITERIA)
        following = sections[i + 1] if i + 1 < len(sections) else None
        asks_next = following is not None and bool(question_of(following.heading))
        has_actions = bool(actions_by_section.get(section.pk))
        special = _RISKS.match(_title(heading)) or _FINANCE.match(_title(heading))
        if asks_next or (has_actions and not special):
            theme = DraftTheme(
                key=f"t{section.pk}", title=_title(section.heading), level=section.level
            )
            if section.body.strip():
                theme.answers["current_situation"] = section.body.strip()
            draft.themes.append(theme)
            add_actions(section, PlanAction.Mode.TOGETHER)
    # Budget lines may name themes that come after the finance section.
    for line in draft.budget:
        if not line.theme_key:
            label = normalise(line.title.split(":", 1)[0])
            line.theme_key = next((t.key for t in draft.themes if normalise(t.title) in label), "")
    return draft
