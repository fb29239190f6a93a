"""The phases of a case and the moves between them, in one place.

admitted -> assessment -> plan -> monitoring -> aftercare -> closed. Every move needs a reason.
Closing needs a closing reason and the approval of a second person (chair or coordinator);
after closing, reviews are scheduled; a closed case can be reopened with a reason.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Plan")
    MONITORING = "monitoring", _("Monitoring")
    AFTERCARE = "aftercare", _("Aftercare")
    CLOSED = "closed", _("Closed")


OPEN_PHASES = tuple(p for p in Phase if p != Phase.CLOSED)

# The moves a case manager can make directly (closing goes through an approved request).
MOVES: dict[Phase, tuple[Phase, ...]] = {
    Phase.ADMITTED: (Phase.ASSESSMENT,),
    Phase.ASSESSMENT: (Phase.PLAN, Phase.ADMITTED),
    Phase.PLAN: (Phase.MONITORING, Phase.ASSESSMENT),
    Phase.MONITORING: (Phase.AFTERCARE, Phase.PLAN, Phase.ASSESSMENT),
    Phase.AFTERCARE: (Phase.MONITORING,),
    Phase.CLOSED: (),
}

# Phases a reopened case can return to.
REOPEN_TO = (Phase.ASSESSMENT, Phase.PLAN, Phase.MONITORING, Phase.AFTERCARE)


class ClosingReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    REGULAR_CARE = "regular_care", _("Handed to regular care")
    MOVED = "moved", _("Moved away")
    DETAINED = "detained", _("Detained")
    DECEASED = "deceased", _("Deceased")
    NO_CONCERN = "no_concern", _("No longer a concern")
    OTHER = "other", _("Other")


# Months after closing at which the case is reviewed: the default, and what the case manager
# may choose from when proposing to close (up to two years, as the UK Channel process does).
REVIEW_AFTER_MONTHS = (6, 12)
REVIEW_MONTH_CHOICES = (3, 6, 9, 12, 18, 24)
MAX_REVIEW_MONTHS = 24


def review_schedule(months: str) -> tuple[int, ...]:
    """The stored schedule ("6,12") as months."""
    return tuple(int(m) for m in months.split(",") if m.strip())


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), clamped to the month's end:
    review dates here, retention terms in ``samen.privacy.retention``."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class Ideology(models.TextChoices):
    JIHADIST = "jihadist", _("Jihadist")
    RIGHT_WING = "right_wing", _("Right-wing extremist")
    LEFT_WING = "left_wing", _("Left-wing extremist")
    ANTI_INSTITUTIONAL = "anti_institutional", _("Anti-institutional")
    OTHER = "other", _("Other")
    UNCLEAR = "unclear", _("Unclear")


class ConcernLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


def can_move(current: str, target: str) -> bool:
    return Phase(target) in MOVES[Phase(current)]


class Domain(models.TextChoices):
    WORK_INCOME = "work_income", _("Work and income")
    HOUSING = "housing", _("Housing")
    EDUCATION = "education", _("Education")
    DEBTS = "debts", _("Debts")
    HEALTH = "health", _("Health and mental-health care")
    FAMILY = "family", _("Family support")
    MENTORING = "mentoring", _("Mentoring")
    COUNSELLING = "counselling", _("Theological or ideological counselling")
    EXIT = "exit", _("Exit or disengagement programme")
    TRAVEL = "travel", _("Passport or travel measure")
    CHILD_PROTECTION = "child_protection", _("Child-protection measure")
    BENEFITS = "benefits", _("Benefits measure")
    ADMINISTRATIVE = "administrative", _("Other administrative measure")
    CRIMINAL = "criminal", _("Criminal-justice measure")
    PROBATION = "probation", _("Probation")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class ConsentBy(models.TextChoices):
    PERSON = "person", _("The person")
    PARENT = "parent", _("A parent")
    GUARDIAN = "guardian", _("A guardian")


class LifeDomain(models.TextChoices):
    IDENTITY = "identity", _("Identity and ideology")
    FAMILY = "family", _("Family and upbringing")
    SOCIAL = "social", _("Friends and social network")
    EDUCATION_WORK = "education_work", _("Education and work")
    HEALTH = "health", _("Physical and mental health")
    HOUSING_MONEY = "housing_money", _("Housing and finances")
    JUSTICE = "justice", _("Police and justice")
    ONLINE = "online", _("Online behaviour")
