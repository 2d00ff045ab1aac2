from django.urls import path

from . import views, views_notifications

proposal = "processes/<slug:slug>/proposals/<int:pk>/"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views_notifications.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
    path("processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path("processes/<slug:slug>/follow/", views.process_follow, name="process_follow"),
    path("processes/<slug:slug>/unfollow/", views.process_unfollow, name="process_unfollow"),
    path("processes/<slug:slug>/proposals/new/", views.proposal_create, name="proposal_create"),
    path(proposal, views.proposal_detail, name="proposal_detail"),
    path(proposal + "edit/", views.proposal_edit, name="proposal_edit"),
    path(proposal + "submit/", views.proposal_submit, name="proposal_submit"),
    path(proposal + "withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path(proposal + "support/", views.proposal_support, name="proposal_support"),
    path(proposal + "unsupport/", views.proposal_unsupport, name="proposal_unsupport"),
    path(proposal + "follow/", views.proposal_follow, name="proposal_follow"),
    path(proposal + "unfollow/", views.proposal_unfollow, name="proposal_unfollow"),
    path(proposal + "comments/", views.comment_create, name="comment_create"),
    path(proposal + "report/", views.report_proposal, name="report_proposal"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report/", views.report_comment, name="report_comment"),
]
