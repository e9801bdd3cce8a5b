"""The two staff roles (README, "Staff roles"); each app's migration grants its own models'
permissions to them."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.urls import reverse

EDITORS = "Editors"
TRANSLATORS = "Translators"


def create_all_permissions(apps):
    """Within a migration: the permissions Django makes only after every migration has run."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_role_permissions(apps, app_label, models, publish_codenames):
    """Create both groups if needed and give them ``app_label``'s permissions on ``models``."""
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
    in_app = Permission.objects.filter(content_type__app_label=app_label)
    for model in models:
        editors.permissions.add(
            *in_app.filter(
                codename__in=[f"{action}_{model}" for action in ("add", "change", "delete", "view")]
            )
        )
        translators.permissions.add(
            *in_app.filter(codename__in=[f"change_{model}", f"view_{model}"])
        )
    editors.permissions.add(*in_app.filter(codename__in=publish_codenames))


def revoke_role_permissions(apps, app_label):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    in_app = Permission.objects.filter(content_type__app_label=app_label)
    for group in Group.objects.filter(name__in=[EDITORS, TRANSLATORS]):
        group.permissions.remove(*in_app)


def staff_may_change(request, model):
    """Whether the request is a logged-in member of staff who may change ``model``'s items.
    A request without a session is not asked who it is: visitors' pages stay cacheable."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    meta, user = model._meta, request.user
    return user.is_staff and user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def staff_edit_url(request, obj):
    """The admin form of ``obj`` for staff who may change it, else None."""
    if not staff_may_change(request, type(obj)):
        return None
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
