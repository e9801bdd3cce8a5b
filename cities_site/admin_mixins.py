from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PublishingAdminMixin:
    """Publishing is a permission of its own (``<app>.publish_<model>``), held by Editors.

    Without it the published flag is read-only and the publish actions are not offered,
    so Translators can change texts without putting anything online or taking it down.
    """

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.publish_{meta.model_name}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("is_published")
        return fields

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_published(queryset, True)

    @admin.action(description=_("Unpublish the selected items"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_published(queryset, False)

    def _set_published(self, queryset, is_published):
        # One save per object, so that save() and its signals run as for a form.
        for obj in queryset.exclude(is_published=is_published):
            obj.is_published = is_published
            obj.save(update_fields=["is_published", "updated_at"])
