from django.urls import path

from samen.accounts import sso, views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/sso/", sso.start, name="sso_start"),
    path("accounts/sso/callback/", sso.CallbackView.as_view(), name="sso_callback"),
    path("accounts/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path(
        "users/<int:pk>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path(
        "users/<int:pk>/setup-link/",
        views.user_setup_link,
        name="user_setup_link",
    ),
    path("users/requests/", views.request_list, name="request_list"),
    path("users/requests/<int:pk>/", views.request_decide, name="request_decide"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/token/", views.client_token, name="client_token"),
    path("clients/<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
    path("accounts/set-up/<str:token>/", views.setup, name="setup"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
