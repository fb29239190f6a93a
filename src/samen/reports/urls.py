from django.urls import path

from samen.reports import views

app_name = "reports"

urlpatterns = [
    path("account/<int:year>/", views.account, name="account"),
    path("account/<int:year>/texts/", views.account_texts, name="account_texts"),
]
