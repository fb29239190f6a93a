"""The prevention programme's models, one module per part; importable from here.

Personal data (contact persons, key figures, named training participants) is encrypted and
registered in ``samen.core.personal_data``; it is reached only through
``samen.casework.policy``."""

from samen.programme.models.budget import ZERO, BudgetLine, Spending
from samen.programme.models.communication import (
    CommunicationMoment,
    DialogueMeeting,
    MediaResponse,
)
from samen.programme.models.network import (
    ContactPerson,
    DistrictMeeting,
    DistrictNetwork,
    KeyFigure,
    Sector,
    sector_of,
)
from samen.programme.models.plan import (
    ActionStatus,
    Criterion,
    CriterionCheck,
    Goal,
    Plan,
    PlanAction,
    ProgressUpdate,
    Risk,
    Theme,
)
from samen.programme.models.trainings import (
    Delivery,
    Evaluation,
    Event,
    Headcount,
    Outreach,
    ProgrammeItem,
    Training,
    TrainingParticipant,
    TrainingSession,
)

__all__ = [
    "ZERO",
    "ActionStatus",
    "BudgetLine",
    "CommunicationMoment",
    "ContactPerson",
    "Criterion",
    "CriterionCheck",
    "Delivery",
    "DialogueMeeting",
    "DistrictMeeting",
    "DistrictNetwork",
    "Evaluation",
    "Event",
    "Goal",
    "Headcount",
    "KeyFigure",
    "MediaResponse",
    "Outreach",
    "Plan",
    "PlanAction",
    "ProgrammeItem",
    "ProgressUpdate",
    "Risk",
    "Sector",
    "Spending",
    "Theme",
    "Training",
    "TrainingParticipant",
    "TrainingSession",
    "sector_of",
]
