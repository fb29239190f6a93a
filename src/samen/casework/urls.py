from django.urls import path

from samen.casework.views import (
    cases,
    districts,
    guidance,
    informing,
    intake,
    linking,
    meetings,
    persons,
    plan,
    transfer,
    travel,
    weighing,
)

app_name = "casework"

urlpatterns = [
    # The reporting point (public) and its decision trees
    path("report/", intake.public_report, name="public_report"),
    path("report/receipt/", intake.report_receipt, name="report_receipt"),
    path("report/guide/", guidance.guide_start, name="guide_start"),
    path("report/guide/<int:pk>/", guidance.guide_tree, name="guide_tree"),
    path("report/guide/<int:pk>/step/<int:node>/", guidance.guide_step, name="guide_step"),
    path("report/guide/<int:pk>/answer/<int:answer>/", guidance.guide_answer, name="guide_answer"),
    path("report/follow-up/", intake.report_follow_up, name="report_follow_up"),
    path("report/follow-up/status/", intake.report_status, name="report_status"),
    path("guidance/", guidance.guidance_list, name="guidance_list"),
    path("guidance/<int:pk>/", guidance.guidance_edit, name="guidance_edit"),
    # Signals and weighing
    path("signals/", intake.signal_list, name="signal_list"),
    path("signals/new/", intake.signal_create, name="signal_create"),
    path("signals/register/", intake.signal_register, name="signal_register"),
    path("signals/<int:pk>/", intake.signal_detail, name="signal_detail"),
    path("signals/<int:pk>/weigh/", weighing.signal_weigh, name="signal_weigh"),
    path("signals/<int:pk>/add/", intake.signal_add, name="signal_add"),
    path("weighing-criteria/", weighing.criteria, name="criteria"),
    path("weighing-criteria/<int:pk>/", weighing.criterion_edit, name="criterion_edit"),
    path("districts/", districts.district_list, name="district_list"),
    path("districts/<int:pk>/", districts.district_edit, name="district_edit"),
    # Cases
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/phase/", cases.case_move, name="case_move"),
    path("cases/<int:pk>/closure/", cases.case_request_closure, name="case_request_closure"),
    path("cases/<int:pk>/closure/decide/", cases.case_decide_closure, name="case_decide_closure"),
    path("cases/<int:pk>/reopen/", cases.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/reviews/<int:review_pk>/", cases.case_review, name="case_review"),
    path("cases/<int:pk>/manager/", cases.case_manager, name="case_manager"),
    path("cases/<int:pk>/participants/", cases.case_add_participant, name="case_add_participant"),
    path(
        "cases/<int:pk>/participants/<int:participation_pk>/remove/",
        cases.case_remove_participant,
        name="case_remove_participant",
    ),
    path("cases/<int:pk>/concern/", cases.case_concern, name="case_concern"),
    path("cases/<int:pk>/notes/", cases.case_note, name="case_note"),
    path("cases/<int:pk>/assessments/", cases.case_assessment, name="case_assessment"),
    path("cases/<int:pk>/attachments/", cases.case_attachment, name="case_attachment"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        cases.attachment_download,
        name="attachment_download",
    ),
    # The plan
    path("cases/<int:pk>/goals/", plan.case_goal, name="case_goal"),
    path("cases/<int:pk>/interventions/", plan.case_intervention, name="case_intervention"),
    path(
        "cases/<int:pk>/interventions/<int:intervention_pk>/",
        plan.intervention_edit,
        name="intervention_edit",
    ),
    path("cases/<int:pk>/plan/approve/", plan.case_approve_plan, name="case_approve_plan"),
    # Persons
    path("persons/", persons.person_search, name="person_search"),
    path("persons/<int:pk>/", persons.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("persons/<int:pk>/relations/", persons.person_relation, name="person_relation"),
    # The case table
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/agenda/propose/", meetings.meeting_propose, name="meeting_propose"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/record/",
        meetings.item_record,
        name="item_record",
    ),
    path("my-actions/", meetings.my_actions, name="my_actions"),
    path("my-actions/<int:pk>/done/", meetings.action_done, name="action_done"),
    # casework: second round (issue 11)
    path("cases/<int:pk>/travel/", travel.case_travel, name="case_travel"),
    path("cases/<int:pk>/informing/", informing.case_informing, name="case_informing"),
    path("cases/<int:pk>/links/", linking.case_link, name="case_link"),
    path("cases/<int:pk>/transfer/", transfer.case_transfer, name="case_transfer"),
    path("transfers/", transfer.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", transfer.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/withdraw/", transfer.transfer_withdraw, name="transfer_withdraw"),
]
