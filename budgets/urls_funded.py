"""Funded projects and associations, at "" in config/urls.py (staff pages under /staff/)."""

from django.urls import path

from . import views_funded as views

project = "funded-projects/<int:pk>/"

urlpatterns = [
    path("funded-projects/", views.funded_project_overview, name="funded_project_overview"),
    path("funded-projects/export.csv", views.funded_projects_csv, name="funded_projects_csv"),
    path("funded-projects/export.geojson", views.funded_projects_geojson, name="funded_projects_geojson"),
    path(
        "processes/<slug:slug>/funded-projects/",
        views.process_funded_projects,
        name="process_funded_projects",
    ),
    path(
        "processes/<slug:slug>/funded-projects/export.csv",
        views.funded_projects_csv,
        name="process_funded_projects_csv",
    ),
    path(
        "processes/<slug:slug>/funded-projects/export.geojson",
        views.funded_projects_geojson,
        name="process_funded_projects_geojson",
    ),
    path(project, views.funded_project_detail, name="funded_project_detail"),
    path(project + "follow/", views.funded_project_follow, name="funded_project_follow"),
    path(project + "unfollow/", views.funded_project_unfollow, name="funded_project_unfollow"),
    path(project + "report/", views.funded_project_report_page, name="funded_project_report"),
    path(project + "report/update/", views.funded_project_post_update, name="funded_project_post_update"),
    path(
        project + "report/milestone/", views.funded_project_add_milestone, name="funded_project_add_milestone"
    ),
    path(
        project + "report/milestone/<int:milestone_pk>/done/",
        views.funded_project_milestone_done,
        name="funded_project_milestone_done",
    ),
    path(
        project + "report/expense/",
        views.funded_project_declare_expense,
        name="funded_project_declare_expense",
    ),
    path(project + "report/state/", views.funded_project_change_state, name="funded_project_change_state"),
    path(project + "report/progress/", views.funded_project_progress, name="funded_project_progress"),
    path("funded-projects/files/photos/<int:pk>/", views.funded_photo, name="funded_photo"),
    path("funded-projects/files/receipts/<int:pk>/", views.funded_receipt, name="funded_receipt"),
    path("associations/", views.association_list, name="association_list"),
    path("associations/invitation/<str:token>/", views.association_invitation, name="association_invitation"),
    path("associations/<slug:slug>/", views.association_detail, name="association_detail"),
    path("associations/<slug:slug>/members/", views.association_members, name="association_members"),
    path(
        "associations/<slug:slug>/members/<int:membership_pk>/remove/",
        views.association_member_remove,
        name="association_member_remove",
    ),
    path("me/associations/", views.my_associations, name="my_associations"),
    path("staff/associations/new/", views.staff_association_create, name="staff_association_create"),
    path("staff/funded-projects/new/", views.staff_funded_project_create, name="staff_funded_project_create"),
    path(
        "staff/funded-projects/<int:pk>/associations/",
        views.staff_funded_project_carriers,
        name="staff_funded_project_carriers",
    ),
]
