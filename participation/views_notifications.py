"""Notification pages: the person's list and settings (/me/), the one-click unsubscribe page of the e-mails,
and the staff page of failed e-mails. Thin views: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .exceptions import InvalidInputError
from .models import Notification, NotificationFrequency, NotificationTopic
from .notifications import preferences, reads, selectors
from .notifications.emails import notification_email_retry
from .notifications.unsubscribe import BadUnsubscribeToken, read_unsubscribe_token
from .views_staff import _redirect_back, staff_page

VIEW_FAILED = "participation.view_failed_notifications"


@login_required
def notification_list(request):
    page = selectors.notification_page_for_user(user=request.user, page_number=request.GET.get("page"))
    return render(request, "me/notifications.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk):
    reads.notification_mark_read(actor=request.user, notification_id=pk)
    return _redirect_back(request, "notification_list")


@require_POST
@login_required
def notification_read_all(request):
    count = reads.notification_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Every notification is marked as read."))
    return redirect("notification_list")


def _topic_rows(user, values: dict[str, str]) -> list[dict]:
    # Only moderators hear about new reports: the others are not offered the choice.
    moderator = user.has_perm("participation.access_moderation")
    return [
        {"topic": topic.value, "label": topic.label, "frequency": values.get(topic.value)}
        for topic in NotificationTopic
        if topic != NotificationTopic.MODERATION or moderator
    ]


@login_required
def notification_settings(request):
    values = preferences.preferences_for(request.user)
    error = None
    if request.method == "POST":
        submitted = {
            topic: request.POST[f"topic-{topic}"]
            for topic in NotificationTopic.values
            if f"topic-{topic}" in request.POST
        }
        try:
            preferences.notification_preferences_set(actor=request.user, frequencies=submitted)
        except InvalidInputError:
            error = _("Choose one option for each kind of notification.")
            values = {**values, **{topic: value for topic, value in submitted.items() if value}}
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification_settings")
    return render(
        request,
        "me/notification_settings.html",
        {
            "rows": _topic_rows(request.user, values),
            "frequencies": NotificationFrequency.choices,
            "error": error,
        },
        status=400 if error else 200,
    )


@csrf_exempt
def notification_unsubscribe(request, token):
    """GET: a confirmation button (mail scanners follow links; a GET never changes anything). POST: the
    one-click unsubscribe of RFC 8058 (mail clients post `List-Unsubscribe=One-Click` without cookies, hence
    no CSRF token: the signed token is the proof)."""
    try:
        user_id, topic = read_unsubscribe_token(token)
        if topic not in NotificationTopic.values:
            raise BadUnsubscribeToken(topic)
    except BadUnsubscribeToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    topic_label = NotificationTopic(topic).label
    if request.method == "POST":
        try:
            preferences.notification_unsubscribe(token=token)
        except BadUnsubscribeToken:
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return render(request, "notifications/unsubscribe_done.html", {"topic_label": topic_label})
    return render(
        request, "notifications/unsubscribe_confirm.html", {"topic_label": topic_label, "token": token}
    )


@staff_page(VIEW_FAILED)
def failed_notifications(request):
    page = selectors.failed_notification_page(page_number=request.GET.get("page"))
    return render(request, "staff/failed_notifications.html", {"page": page})


@require_POST
@staff_page(VIEW_FAILED)
def failed_notification_retry(request, pk):
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None:
        raise Http404
    if notification_email_retry(actor=request.user, notification=notification):
        messages.success(request, _("The e-mail is queued again."))
    else:
        messages.info(request, _("This e-mail is no longer in failure; nothing was changed."))
    return redirect("failed_notifications")
