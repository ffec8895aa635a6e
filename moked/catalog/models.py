from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from moked.people.models import Person
from moked.tenancy.models import Organisation

CATEGORY_MAX_DEPTH = 5


class Service(models.Model):
    """A service the provider supports for one organisation."""

    class Criticality(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        HIGH = "high", _("High")
        NORMAL = "normal", _("Normal")
        LOW = "low", _("Low")

    class Coverage(models.TextChoices):
        ALWAYS = "24x7", _("24x7")
        BUSINESS_HOURS = "business_hours", _("Business hours")

    class ServiceModel(models.TextChoices):
        RESOLVE = "resolve", _("Resolve")
        CATCH_AND_DISPATCH = "catch_and_dispatch", _("Catch and dispatch")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    criticality = models.CharField(
        _("criticality"), max_length=16, choices=Criticality, default=Criticality.NORMAL
    )
    coverage = models.CharField(
        _("coverage"), max_length=16, choices=Coverage, default=Coverage.BUSINESS_HOURS
    )
    service_model = models.CharField(
        _("service model"), max_length=24, choices=ServiceModel, default=ServiceModel.RESOLVE
    )
    runbook = models.TextField(
        _("runbook"), blank=True, help_text=_("How the provider resolves tickets of this service.")
    )
    dispatch_team = models.CharField(
        _("client team"),
        max_length=200,
        blank=True,
        help_text=_("The client's own team that catch-and-dispatch tickets are handed over to."),
    )
    dispatch_contact = models.CharField(
        _("client team contact"),
        max_length=300,
        blank=True,
        help_text=_("How to reach that team: e-mail address, phone or on-call line."),
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_services",
        verbose_name=_("service owner"),
        help_text=_("Answers for the service; approves requests whose approval asks the service owner."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="unique_service_name_per_organisation",
                violation_error_message=_("This organisation already has a service with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.service_model == self.ServiceModel.RESOLVE and not self.runbook.strip():
            errors["runbook"] = _("A service the provider resolves needs a runbook.")
        if self.service_model == self.ServiceModel.CATCH_AND_DISPATCH:
            if not self.dispatch_team.strip():
                errors["dispatch_team"] = _("Name the client team that catch-and-dispatch tickets go to.")
            if not self.dispatch_contact.strip():
                errors["dispatch_contact"] = _("Say how to reach the client team.")
        if errors:
            raise ValidationError(errors)


class Category(models.Model):
    """A node of the category tree; global (no organisation) or one organisation's own."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="categories",
        verbose_name=_("organisation"),
        help_text=_("Empty: shared by every organisation."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(
        _("path"), max_length=CATEGORY_MAX_DEPTH * 103, editable=False, help_text=_("Hardware › Printer")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path

    def save(self, *args, **kwargs):
        """Keep the stored path, here and below, so lists show it without walking the tree."""
        self.path = f"{self.parent.path} › {self.name}" if self.parent_id else self.name
        super().save(*args, **kwargs)
        for child in self.children.all():
            if child.path != f"{self.path} › {child.name}":
                child.save(update_fields=["path"])

    def ancestors(self):
        """Parents from the nearest up; stops at a loop so bad data cannot hang a request."""
        node, seen = self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            yield node
            node = node.parent

    def clean(self):
        errors = {}
        if self.parent_id:
            parent = self.parent
            if self.pk and (parent.pk == self.pk or any(a.pk == self.pk for a in parent.ancestors())):
                errors["parent"] = _("A category cannot be placed under itself.")
            elif parent.organisation_id not in (None, self.organisation_id):
                errors["parent"] = _("The parent category belongs to another organisation.")
            elif len(list(parent.ancestors())) + 2 > CATEGORY_MAX_DEPTH:
                errors["parent"] = _("Categories nest at most %(depth)d levels deep.") % {
                    "depth": CATEGORY_MAX_DEPTH
                }
        siblings = Category.objects.filter(
            parent_id=self.parent_id, organisation_id=self.organisation_id, name__iexact=self.name
        ).exclude(pk=self.pk)
        if self.name and siblings.exists():
            errors["name"] = _("A category with this name already exists here.")
        if errors:
            raise ValidationError(errors)

    def is_usable_by(self, organisation_id: int) -> bool:
        return self.organisation_id in (None, organisation_id)
