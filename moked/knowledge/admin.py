from django.contrib import admin

from .models import (
    Article,
    ArticleEvent,
    ArticleFeedback,
    ArticleImage,
    ArticleVariant,
    ArticleVersion,
    DeflectionAttempt,
    DeflectionStep,
)


class ArticleVariantInline(admin.TabularInline):
    model = ArticleVariant
    fields = ["language", "title", "version", "translated_from_version", "is_stale"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "state", "visibility", "organisation", "owner", "review_date"]
    list_filter = ["kind", "state", "visibility", "organisation"]
    search_fields = ["key", "variants__title"]
    autocomplete_fields = ["organisation", "owner", "reviewers", "replaces", "categories", "services"]
    filter_horizontal = ["organisations"]
    inlines = [ArticleVariantInline]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["variant", "number", "author", "created_at"]
    search_fields = ["variant__article__key", "title"]


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    list_display = ["article", "action", "language", "version", "actor", "created_at"]
    list_filter = ["action"]


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ["article", "person", "helpful", "created_at", "follow_up_closed_at"]
    list_filter = ["helpful"]
    search_fields = ["article__key", "comment"]
    readonly_fields = ["article", "person", "helpful", "comment", "created_at"]


class DeflectionStepInline(admin.TabularInline):
    model = DeflectionStep
    fields = ["step", "article", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DeflectionAttempt)
class DeflectionAttemptAdmin(admin.ModelAdmin):
    """What happened to a portal request form that suggested articles: a record, read only."""

    list_display = ["token", "organisation", "person", "started_at", "outcome", "article", "ticket"]
    list_filter = ["outcome", "organisation"]
    readonly_fields = [
        "token",
        "person",
        "organisation",
        "started_at",
        "last_step_at",
        "outcome",
        "ended_at",
        "article",
        "ticket",
    ]
    inlines = [DeflectionStepInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    list_display = ["article", "name", "content_type", "size", "uploaded_by", "created_at"]
    search_fields = ["article__key", "name"]
    readonly_fields = ["article", "file", "name", "content_type", "size", "uploaded_by", "created_at"]
