"""PDF reports (see `participation.views_reports`), at "" in config/urls.py."""

from django.urls import path

from . import views_reports

urlpatterns = [
    path("reports/<int:pk>/", views_reports.pdf_report_status, name="pdf_report_status"),
    path("reports/<int:pk>/download/", views_reports.pdf_report_download, name="pdf_report_download"),
    path("reports/<int:pk>/retry/", views_reports.pdf_report_retry, name="pdf_report_retry"),
    path("reports/<slug:kind>/<int:target_id>/", views_reports.pdf_report_request, name="pdf_report_request"),
    path(
        "reports/<slug:kind>/<int:target_id>/latest.pdf",
        views_reports.pdf_report_latest,
        name="pdf_report_latest",
    ),
]
