from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.people.models import Person, SupportGroup


class SavedView(models.Model):
    """A named list of tickets an agent comes back to: a built-in view narrowed by filters, in an
    order. Its owner's alone, or shared with the members of one group."""

    owner = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="saved_views", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=80)
    base = models.CharField(_("starts from"), max_length=20, default="all")
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    q = models.CharField(_("search"), max_length=200, blank=True)
    sort = models.CharField(_("order"), max_length=20, blank=True)
    shared_with = models.ForeignKey(
        SupportGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="saved_views",
        verbose_name=_("shared with"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_saved_view_name")]

    def __str__(self) -> str:
        return self.name
