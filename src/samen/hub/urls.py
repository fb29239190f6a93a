from django.urls import path

from samen.hub import views

app_name = "hub"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("compare/", views.compare, name="compare"),
    path("cities/", views.profile_list, name="profile_list"),
    path("cities/new/", views.profile_create, name="profile_create"),
    path("cities/<slug:slug>/", views.profile_detail, name="profile_detail"),
    path("cities/<slug:slug>/edit/", views.profile_edit, name="profile_edit"),
    path("cities/<slug:slug>/delete/", views.profile_delete, name="profile_delete"),
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/new/", views.practice_create, name="practice_create"),
    path("practices/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/delete/", views.practice_delete, name="practice_delete"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("import/", views.import_start, name="import"),
    path("import/save/", views.import_confirm, name="import_confirm"),
    path("thesaurus/", views.thesaurus, name="thesaurus"),
    path("thesaurus/new/", views.concept_create, name="concept_create"),
    path("thesaurus/<int:pk>/edit/", views.concept_edit, name="concept_edit"),
    path("thesaurus/<int:pk>/delete/", views.concept_delete, name="concept_delete"),
]
