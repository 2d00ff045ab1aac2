"""Information pages linked from the footer (see config/urls.py)."""

from django.urls import path

from . import views_pages

urlpatterns = [
    path("help/", views_pages.help_page, name="help"),
    path("privacy/", views_pages.privacy_page, name="privacy"),
    path("accessibility/", views_pages.accessibility_page, name="accessibility"),
]
