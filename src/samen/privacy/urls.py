from django.urls import path

from samen.privacy import subject_views, views

app_name = "privacy"

urlpatterns = [
    path("retention/", views.retention_preview, name="retention"),
    path("retention/<slug:category>/", views.retention_due, name="retention_due"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
    path("register/", views.register_page, name="register"),
    path("register/export/", views.register_export, name="register_export"),
    path("subjects/", subject_views.subject_search, name="subject_search"),
    path("subjects/<int:pk>/", subject_views.subject_detail, name="subject_detail"),
    path(
        "subjects/<int:pk>/export.json",
        subject_views.subject_export_json,
        name="subject_export_json",
    ),
    path(
        "subjects/<int:pk>/export.pdf", subject_views.subject_export_pdf, name="subject_export_pdf"
    ),
    path("subjects/<int:pk>/rectify/", subject_views.subject_rectify, name="subject_rectify"),
    path("subjects/<int:pk>/erase/", subject_views.subject_erase, name="subject_erase"),
]
