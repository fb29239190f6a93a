from django.urls import path

from samen.casework import views

app_name = "casework"

urlpatterns = [
    path("report/", views.public_report, name="public_report"),
    path("report/receipt/", views.report_receipt, name="report_receipt"),
    path("signals/", views.signal_list, name="signal_list"),
    path("signals/new/", views.signal_create, name="signal_create"),
    path("signals/<int:pk>/", views.signal_detail, name="signal_detail"),
    path("signals/<int:pk>/weigh/", views.signal_weigh, name="signal_weigh"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/decision/",
        views.item_decision,
        name="item_decision",
    ),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/action/",
        views.item_action,
        name="item_action",
    ),
]
