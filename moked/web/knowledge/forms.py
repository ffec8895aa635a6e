"""The knowledge base's forms: a new article with its settings, and a variant's text (a known
error's as its symptom, cause and workaround)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from moked.catalog.selectors import visible_categories, visible_services
from moked.knowledge import sections
from moked.knowledge.models import Article, ArticleVariant
from moked.knowledge.selectors import visible_articles
from moked.people.selectors import assignable_agents, visible_groups, visible_organisations

from ..common.forms import BootstrapForm, ModelChoices

Kind, Visibility = Article.Kind, Article.Visibility
TITLE_LENGTH = ArticleVariant._meta.get_field("title").max_length


class TextFields(BootstrapForm):
    """A variant's title and body; a known error's body may instead be written as its sections,
    which `text()` joins under headings in the variant's language."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: headings, bold, lists, links and tables."),
    )
    symptom = forms.CharField(
        label=sections.HEADINGS["symptom"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the user sees."),
    )
    cause = forms.CharField(
        label=sections.HEADINGS["cause"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why it happens, as far as it is known."),
    )
    workaround = forms.CharField(
        label=sections.HEADINGS["workaround"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What to do until it is fixed."),
    )

    def in_sections(self, kind: str) -> bool:
        """Whether the text is written as a known error's sections (any of them filled in)."""
        return kind == Kind.KNOWN_ERROR and any(
            self.cleaned_data.get(name, "").strip() for name in sections.SECTIONS
        )

    def text(self, kind: str, language: str) -> str:
        if self.in_sections(kind):
            return sections.join(language, {name: self.cleaned_data[name] for name in sections.SECTIONS})
        return self.cleaned_data["body"]


def initial_text(variant) -> dict:
    """The form's starting values for a variant's text: its sections when the body is made of them."""
    initial = {"title": variant.title, "body": variant.body}
    parts = sections.split(variant.body) if variant.article.kind == Kind.KNOWN_ERROR else None
    # Written as sections, the body is theirs alone: a body kept beside them would come back
    # when every section is emptied.
    return {**initial, "body": "", **parts} if parts else initial


class VariantForm(TextFields):
    pass


def _tags(text: str) -> list[str]:
    return list(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))


class DetailsFields(BootstrapForm):
    """Everything about an article but its text: what a new article asks for beside its text,
    and what its details page changes."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separated by commas.")
    )
    categories = ModelChoices(label=_("Categories"), queryset=None, required=False)
    services = ModelChoices(label=_("Related services"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    reviewers = forms.ModelChoiceField(
        label=_("Reviewers"),
        queryset=None,
        required=False,
        help_text=_("The group whose members review and publish the article, besides its owner."),
    )
    review_date = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Visibility.choices)
    organisations = ModelChoices(
        label=_("Chosen organisations"),
        queryset=None,
        required=False,
        help_text=_("For “Chosen organisations”: whose users see it."),
    )
    organisation = forms.ModelChoiceField(
        label=_("An organisation's own article, for"),
        queryset=None,
        required=False,
        empty_label=_("— none: a general article —"),
        help_text=_("Its users see it; staff who do not serve the organisation do not."),
    )
    replaces = forms.ModelChoiceField(
        label=_("Instead of the general article"),
        queryset=None,
        required=False,
        empty_label=_("— replaces none —"),
        help_text=_("The organisation's users see this article instead of that one."),
    )

    def __init__(self, *args, person, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = visible_categories(person).order_by("name")
        self.fields["services"].queryset = visible_services(person).filter(is_active=True).order_by("name")
        self.fields["owner"].queryset = assignable_agents(person).order_by("name")
        self.fields["reviewers"].queryset = visible_groups(person).filter(is_active=True).order_by("name")
        organisations = visible_organisations(person).order_by("name")
        self.fields["organisations"].queryset = organisations
        self.fields["organisation"].queryset = organisations
        general = (
            visible_articles(person).filter(organisation__isnull=True).exclude(state=Article.State.RETIRED)
        )
        if article is not None:
            general = general.exclude(pk=article.pk)
        self.fields["replaces"].queryset = general.prefetch_related("variants")
        self.fields["replaces"].label_from_instance = _title_and_key
        for name in ("categories", "services", "organisations"):
            self.fields[name].widget.attrs["size"] = 4

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Visibility.CHOSEN and not data.get("organisations"):
            self.add_error("organisations", _("Choose the organisations that see the article."))
        if data.get("replaces") and not data.get("organisation"):
            self.add_error("replaces", _("Only an organisation's own article replaces a general article."))
        return data

    def details(self) -> dict:
        """The keywords of knowledge.services.update_article (and create_article)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "tags": _tags(data["tags"]),
            "categories": list(data["categories"]),
            "services": list(data["services"]),
            "owner": data["owner"],
            "reviewers": data["reviewers"],
            "review_date": data["review_date"],
            "visibility": data["visibility"],
            "organisations": list(data["organisations"]) if data["visibility"] == Visibility.CHOSEN else [],
            "organisation": data["organisation"],
            "replaces": data["replaces"],
        }


def initial_details(article) -> dict:
    """The details form's starting values: the article as it is."""
    return {
        "kind": article.kind,
        "tags": ", ".join(article.tags),
        "categories": list(article.categories.all()),
        "services": list(article.services.all()),
        "owner": article.owner_id,
        "reviewers": article.reviewers_id,
        "review_date": article.review_date,
        "visibility": article.visibility,
        "organisations": list(article.organisations.all()),
        "organisation": article.organisation_id,
        "replaces": article.replaces_id,
    }


class DetailsForm(DetailsFields):
    pass


class ArticleForm(TextFields, DetailsFields):
    """A new article: its source text and every detail of the article."""

    field_order = ["kind", "language", "title", "body", *sections.SECTIONS]

    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.text(data["kind"], data["language"]).strip():
            raise ValidationError(_("Write the article's text."))
        return data

    def article_fields(self) -> dict:
        """The keywords of knowledge.services.create_article."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "title": data["title"],
            "body": self.text(data["kind"], data["language"]),
            **self.details(),
        }


def _title_and_key(article) -> str:
    variants = list(article.variants.all())
    source = next((v for v in variants if v.language == article.source_language), None)
    return f"{source.title} ({article.key})" if source else article.key
