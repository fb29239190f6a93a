from django.urls import path

from samen.ui import views

app_name = "ui"

urlpatterns = [
    path("about/privacy/", views.privacy_statement, name="privacy"),
    path("about/accessibility/", views.accessibility_statement, name="accessibility"),
    path("about/contact/", views.contact, name="contact"),
]
