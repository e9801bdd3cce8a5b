"""A member of staff in Chromium, logged in through the admin's form."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.management import create_contenttypes
from django.db.models import Q

PASSWORD = "a-long-staff-passphrase"
# Each role's permissions on the content, as the migrations give them.
ROLES = {"Editors": r"^(add|change|delete|view|publish)_", "Translators": r"^(change|view)_"}


def log_in_as(page, live_server, group_name, username):
    # Made anew: live-server tests empty the database, the migrations' groups with it, and a
    # restore may leave the permissions out.
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
    group, _created = Group.objects.get_or_create(name=group_name)
    content = Q(content_type__app_label__in=["partners", "initiatives"]) | Q(
        content_type__app_label="core", content_type__model="city"
    )
    permissions = Permission.objects.filter(content, codename__regex=ROLES[group_name])
    group.permissions.set(permissions)
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(group)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
