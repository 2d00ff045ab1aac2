"""Public downloads of the reports generated in the background (see `budgets.report_tasks`), at "" in
config/urls.py."""

from django.urls import path

from . import views_staff

urlpatterns = [
    path(
        "processes/<slug:slug>/budgets/<slug:budget_slug>/results.pdf",
        views_staff.budget_results_pdf,
        name="budget_results_pdf",
    ),
]
