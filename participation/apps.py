from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .notifications import kinds

        from .pdf_reports.kinds import register_kinds

        kinds.register()

        register_kinds()
