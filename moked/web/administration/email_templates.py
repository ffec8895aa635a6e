"""E-mail templates: the messages rules send, with placeholders and a translation per language,
previewed through the automation sandbox against a real ticket before they are saved."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moked.automation import services, templating
from moked.automation.models import EmailTemplate
from moked.automation.selectors import visible_email_templates, visible_rules

from ..common import refusals
from ..common.forms import BootstrapForm
from ..common.saving import attempt
from .access import admin_page
from .deleting import confirm_delete
from .rule_dry_run import tickets_to_try
from .rule_form import organisations_of


class TemplateForm(BootstrapForm):
    """A template's default text and, per language of Moked, an optional translation."""

    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ChoiceField(label=_("For"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["organisation"].choices = [("", _("Every organisation"))] + [
            (pk, organisation.name) for pk, organisation in self.organisations.items()
        ]
        for code, language in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject in %(language)s") % {"language": language},
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": language},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            )
            for name in (f"subject_{code}", f"body_{code}"):
                self.fields[name].widget.attrs["class"] = "form-control"
                self.fields[name].widget.attrs["lang"] = code

    def translations(self):
        """(code, language, subject field, text field) of each language, for the page."""
        return [
            (code, language, self[f"subject_{code}"], self[f"body_{code}"])
            for code, language in settings.LANGUAGES
        ]

    def template_fields(self) -> dict:
        data = self.cleaned_data
        written = {
            code: {"subject": data[f"subject_{code}"].strip(), "body": data[f"body_{code}"].strip()}
            for code, _language in settings.LANGUAGES
            if data[f"subject_{code}"].strip() or data[f"body_{code}"].strip()
        }
        return {
            "name": data["name"],
            "organisation": self.organisations.get(data["organisation"]),
            "subject": data["subject"],
            "body": data["body"],
            "translations": written,
        }


def _initial(template) -> dict:
    if template is None:
        return {}
    initial = {name: getattr(template, name) for name in ("name", "subject", "body")}
    initial["organisation"] = template.organisation_id or ""
    for code, written in (template.translations or {}).items():
        if isinstance(written, dict):
            initial[f"subject_{code}"] = written.get("subject", "")
            initial[f"body_{code}"] = written.get("body", "")
    return initial


def _template_or_404(person, pk):
    template = visible_email_templates(person).filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def _senders(person) -> dict[int, list[str]]:
    """The rules that send each template, by template id."""
    senders: dict[int, list[str]] = {}
    for rule in visible_rules(person).select_related(None).only("id", "name", "actions"):
        for action in rule.actions:
            if action.get("type") == "send_email":
                senders.setdefault(action.get("template"), []).append(rule.name)
    return senders


@admin_page
def template_list(request):
    person = request.user
    templates = visible_email_templates(person).order_by("organisation__name", "name")
    senders = _senders(person)
    for template in templates:
        template.senders = senders.get(template.pk, [])
    context = {"templates": templates, "refusals": refusals.pop(request)}
    return render(request, "web/administration/rules_email_templates.html", context)


@admin_page
def template_new(request):
    return _editor(request, None)


@admin_page
def template_edit(request, pk):
    return _editor(request, _template_or_404(request.user, pk))


def _editor(request, template):
    person = request.user
    organisations = organisations_of(person)
    if request.method == "POST":
        form = TemplateForm(request.POST, organisations=organisations)
        if form.is_valid():
            fields = form.template_fields()
            saved = attempt(
                request,
                lambda: (
                    services.create_email_template(person, **fields)
                    if template is None
                    else services.update_email_template(person, template, fields)
                ),
                form,
            )
            if saved:
                return redirect("email-templates")
    else:
        form = TemplateForm(initial=_initial(template), organisations=organisations)
    context = {
        "template": template,
        "form": form,
        "languages": settings.LANGUAGES,
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/rules_email_template.html", context)


@admin_page
@require_POST
def template_preview(request):
    """The template as posted, rendered for a ticket's requester in the chosen language (htmx);
    nothing is saved or sent."""
    person = request.user
    form = TemplateForm(request.POST, organisations=organisations_of(person))
    form.is_valid()  # for the texts as typed; the preview needs no name
    data = {name: request.POST.get(name, "") for name in form.fields}
    translations = {
        code: {"subject": data[f"subject_{code}"], "body": data[f"body_{code}"]}
        for code, _language in settings.LANGUAGES
        if data[f"subject_{code}"].strip() or data[f"body_{code}"].strip()
    }
    draft = EmailTemplate(subject=data["subject"], body=data["body"], translations=translations)
    context = {"problems": [], "asked": True}
    try:
        draft.clean()
        organisation = form.organisations.get(data["organisation"])
        tickets = tickets_to_try(person, request.POST.get("preview_reference", ""), 1, organisation)
    except ValidationError as refusal:
        context["problems"] = refusal.messages
        tickets = []
    if not tickets:
        context["problems"] = context["problems"] or [_("There is no ticket to show it with yet.")]
        return render(request, "web/administration/rules_email_preview.html", context)
    ticket = tickets[0]
    requester = ticket.requester
    language = request.POST.get("preview_language") or requester.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = requester.preferred_language
    try:
        subject, body = templating.render_email(
            draft, ticket, templating.Recipient(requester.name, requester.email, language)
        )
    except ValidationError as refusal:  # over its budget on this ticket
        context["problems"] = refusal.messages
        return render(request, "web/administration/rules_email_preview.html", context)
    context.update(ticket=ticket, subject=subject, body=body, language=language)
    return render(request, "web/administration/rules_email_preview.html", context)


@admin_page
def template_delete(request, pk):
    person = request.user
    template = _template_or_404(person, pk)
    return confirm_delete(
        request,
        delete=lambda: services.delete_email_template(person, template),
        question=_("Delete the e-mail template “%(name)s”?") % {"name": template.name},
        record=template,
        back=reverse("email-template", args=[template.pk]),
        done=reverse("email-templates"),
    )


urlpatterns = [
    path("email-templates/", template_list, name="email-templates"),
    path("email-templates/new/", template_new, name="email-template-new"),
    path("email-templates/preview/", template_preview, name="email-template-preview"),
    path("email-templates/<int:pk>/", template_edit, name="email-template"),
    path("email-templates/<int:pk>/delete/", template_delete, name="email-template-delete"),
]
