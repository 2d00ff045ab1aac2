"""Staff pages (moderation, triage, evaluation), under /staff/ (see config/urls.py)."""

from django.urls import path

from . import views_notifications, views_staff

urlpatterns = [
    # The staff home: the processes and what waits in them (the "Evaluation" entry of the main navigation).
    path("", views_staff.staff_home, name="staff_evaluation"),
    path("moderation/", views_staff.moderation_queue, name="moderation_queue"),
    path(
        "moderation/proposals/<int:pk>/hide/",
        views_staff.moderation_hide_proposal,
        name="moderation_hide_proposal",
    ),
    path(
        "moderation/comments/<int:pk>/hide/",
        views_staff.moderation_hide_comment,
        name="moderation_hide_comment",
    ),
    path(
        "moderation/reports/<int:pk>/dismiss/",
        views_staff.moderation_dismiss_report,
        name="moderation_dismiss_report",
    ),
    path("processes/<slug:slug>/", views_staff.staff_process_proposals, name="staff_process_proposals"),
    path("proposals/<int:pk>/", views_staff.staff_proposal_review, name="staff_proposal_review"),
    path("proposals/<int:pk>/admit/", views_staff.staff_proposal_admit, name="staff_proposal_admit"),
    path("proposals/<int:pk>/reject/", views_staff.staff_proposal_reject, name="staff_proposal_reject"),
    path("proposals/<int:pk>/accept/", views_staff.staff_proposal_accept, name="staff_proposal_accept"),
    path("notifications/failed/", views_notifications.failed_notifications, name="failed_notifications"),
    path(
        "notifications/<int:pk>/retry/",
        views_notifications.failed_notification_retry,
        name="failed_notification_retry",
    ),
    path("phases/<int:pk>/close/", views_staff.staff_phase_close, name="staff_phase_close"),
]
