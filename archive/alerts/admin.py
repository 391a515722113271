"""The subscriptions in the admin: counts for curators, addresses for superusers only.

Curators (view permission) see what readers follow and how many follow it — per kind, confirmed
or pending, and the most followed items — but never an address: the list, the detail page
and the search leave the email out unless the user is a superuser. Nobody adds or edits a
subscription here (only its address may, through signed links); superusers may delete one.
"""
from django.contrib import admin
from django.db.models import Count, Q

from archive.models import Subscription

TOP = 20


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "frequency", "confirmed", "last_digest", "digests")
    list_filter = ("kind", "frequency", ("confirmed", admin.EmptyFieldListFilter))
    list_per_page = 50
    ordering = ("-created",)
    change_list_template = "admin/archive/subscription/change_list.html"

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def get_list_display(self, request):
        return (("email", *self.list_display) if self._superuser(request) else self.list_display)

    def get_search_fields(self, request):
        return ("email", "label") if self._superuser(request) else ("label",)

    def get_fields(self, request, obj=None):
        fields = ["label", "kind", "query", "target_slug", "frequency", "created", "confirmed", "since",
                  "last_digest", "digests"]
        return (["email", *fields] if self._superuser(request) else fields)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)

    def changelist_view(self, request, extra_context=None):
        counts = (Subscription.objects.values("kind")
                  .annotate(n_confirmed=Count("id", filter=Q(confirmed__isnull=False)),
                            n_pending=Count("id", filter=Q(confirmed__isnull=True)))
                  .order_by("kind"))
        labels = dict(Subscription.Kind.choices)
        top = (Subscription.objects.confirmed().values("kind", "label").annotate(n=Count("id"))
               .order_by("-n", "label")[:TOP])
        extra_context = {
            **(extra_context or {}),
            "alert_counts": [{**c, "kind_label": labels.get(c["kind"], c["kind"])} for c in counts],
            "alert_top": list(top),
            "alert_addresses": Subscription.objects.values("email").distinct().count(),
        }
        return super().changelist_view(request, extra_context)
