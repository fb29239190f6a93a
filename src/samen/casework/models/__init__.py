"""The casework models, one module per sub-domain; importable from here as before.

Personal data (names, observations, reasons, decisions) lives in encrypted columns. Access goes
through ``samen.casework.policy`` only.
"""

from samen.casework.models.cases import (
    Attachment,
    Case,
    CaseNote,
    CaseParticipation,
    ClosureRequest,
    ConcernAssessment,
    DomainAssessment,
    LegalHold,
    PhaseChange,
    Review,
)
from samen.casework.models.districts import District
from samen.casework.models.experts import Expert, ExpertOrder, KnownElsewhereNotice
from samen.casework.models.guidance import GuidanceAnswer, GuidanceNode, GuidanceTree
from samen.casework.models.handover import HandOver
from samen.casework.models.informing import InformingDecision
from samen.casework.models.intake import Signal, SignalAddition
from samen.casework.models.linking import CaseLink, JoinedSignal
from samen.casework.models.meetings import Action, AgendaItem, Attendance, Decision, Meeting
from samen.casework.models.persons import Person, PersonRelation
from samen.casework.models.plan import Goal, Intervention, PlanApproval
from samen.casework.models.referrals import Referral, ReporterFeedback
from samen.casework.models.transfer import CaseTransfer
from samen.casework.models.travel import Prevention, TravelState, TravelStatus
from samen.casework.models.weighing import OUTCOME_STATUS, Weighing, WeighingCriterion

__all__ = [
    "OUTCOME_STATUS",
    "Action",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "Case",
    "CaseLink",
    "CaseNote",
    "CaseParticipation",
    "CaseTransfer",
    "ClosureRequest",
    "ConcernAssessment",
    "Decision",
    "District",
    "DomainAssessment",
    "Expert",
    "ExpertOrder",
    "Goal",
    "GuidanceAnswer",
    "GuidanceNode",
    "GuidanceTree",
    "HandOver",
    "InformingDecision",
    "Intervention",
    "JoinedSignal",
    "KnownElsewhereNotice",
    "LegalHold",
    "Meeting",
    "Person",
    "PersonRelation",
    "PhaseChange",
    "PlanApproval",
    "Prevention",
    "Referral",
    "ReporterFeedback",
    "Review",
    "Signal",
    "SignalAddition",
    "TravelState",
    "TravelStatus",
    "Weighing",
    "WeighingCriterion",
]
