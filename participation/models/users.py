import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class PlacetteUserManager(UserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using Placette. Roles beyond "resident" are Django permissions (granted through the groups
    Moderators, Process administrators, Evaluators) read by the predicates in `participation.predicates`."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=80, help_text=_("The name shown next to your proposals and comments.")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    area = models.ForeignKey(
        "participation.Area",
        verbose_name=_("area of residence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
    )
    # Mirrors allauth's verified primary address so permission predicates need no query.
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    # Unread notifications, kept by the notification services with F() updates so the header shows the count
    # without a query (the user row is read anyway).
    unread_notifications = models.PositiveIntegerField(_("unread notifications"), default=0)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PlacetteUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(unread_notifications__gte=0), name="user_unread_notifications_not_negative"
            ),
        ]
        permissions = [
            ("moderate", _("Moderate contributions (role: moderator)")),
            ("administer_processes", _("Administer participatory processes (role: process administrator)")),
            ("evaluate", _("Evaluate proposals (role: evaluator)")),
        ]

    def __str__(self):
        return self.display_name or self.email

    def has_perm(self, perm, obj=None):
        """Placette's named rules (`participation.rules`) decide for every account, superusers included: a
        superuser is a process administrator (see `predicates.is_process_admin`), not a way around the phase
        and state conditions, so a button a template shows is a button the service accepts. Other permissions
        (model permissions, roles) keep Django's behaviour."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def public_name(self) -> str:
        return self.display_name or _("Resident")
