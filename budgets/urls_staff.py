"""Staff pages of the vote, under /staff/ (see config/urls.py): /staff/processes/<slug>/vote/..."""

from django.urls import path

from . import views_staff

vote = "processes/<slug:slug>/vote/"

urlpatterns = [
    path(vote, views_staff.staff_vote_dashboard, name="staff_vote_dashboard"),
    path(vote + "budgets/new/", views_staff.staff_budget_create, name="staff_budget_create"),
    path(vote + "budgets/<slug:budget_slug>/", views_staff.staff_budget_edit, name="staff_budget_edit"),
    path(vote + "census/", views_staff.staff_census, name="staff_census"),
    path(vote + "codes/", views_staff.staff_codes, name="staff_codes"),
    path(vote + "codes/<int:pk>/sheet.pdf", views_staff.staff_codes_sheet, name="staff_codes_sheet"),
    path(
        vote + "codes/<int:pk>/sheet/delete/",
        views_staff.staff_codes_sheet_delete,
        name="staff_codes_sheet_delete",
    ),
    path(vote + "desk/", views_staff.staff_desk, name="staff_desk"),
    path(vote + "paper/", views_staff.staff_paper, name="staff_paper"),
    path(vote + "paper/<int:pk>/", views_staff.staff_paper_resolve, name="staff_paper_resolve"),
    path(vote + "close/", views_staff.staff_vote_close, name="staff_vote_close"),
]
