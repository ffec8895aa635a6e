"""/api/v1/knowledge/deflection/: how well the articles deflect requests in a period, per
organisation the staff person serves and per article they may see (the desk's deflection report,
moked.knowledge.deflection_figures). Clients are refused."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.serializers import ResponseSerializer
from moked.knowledge import deflection_figures
from moked.knowledge.deflection_figures import Figures
from moked.knowledge.selectors import readable_title


class PeriodQuerySerializer(serializers.Serializer):
    since = serializers.DateField(
        required=False, help_text=_("The period's first day (default: thirty days before `until`).")
    )
    until = serializers.DateField(required=False, help_text=_("The period's last day (default: today)."))

    def validate(self, attrs):
        until = attrs.get("until") or timezone.localdate()
        # Checked before the default start is counted back from it, which could leave the calendar.
        within = deflection_figures.FIRST_DAY <= until <= deflection_figures.LAST_DAY
        since = attrs.get("since") or (deflection_figures.default_period(until)[0] if within else until)
        if not (within and deflection_figures.period_is_valid(since, until)):
            raise serializers.ValidationError(
                {"until": [_("The period ends on or after its start, within three years.")]}
            )
        return {"since": since, "until": until}


class FiguresSerializer(ResponseSerializer):
    shown = serializers.IntegerField(read_only=True, help_text=_("Request forms that were shown articles."))
    opened = serializers.IntegerField(read_only=True, help_text=_("Of those, forms where one was opened."))
    solved = serializers.IntegerField(
        read_only=True, help_text=_("Forms an article solved: no request made.")
    )
    sent = serializers.IntegerField(read_only=True, help_text=_("Forms sent as a request anyway."))
    abandoned = serializers.IntegerField(read_only=True, help_text=_("Forms left unsent."))
    rate = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Solved ÷ shown; null when nothing was shown.")
    )


class OrganisationFiguresSerializer(FiguresSerializer):
    organisation = serializers.CharField(source="subject.code", read_only=True)
    name = serializers.CharField(source="subject.name", read_only=True)


class ArticleFiguresSerializer(FiguresSerializer):
    article = serializers.IntegerField(source="subject.pk", read_only=True)
    key = serializers.CharField(source="subject.key", read_only=True)
    title = serializers.CharField(read_only=True, help_text=_("In the caller's language where it exists."))


class DeflectionSerializer(ResponseSerializer):
    since = serializers.DateField(read_only=True)
    until = serializers.DateField(read_only=True)
    organisations = OrganisationFiguresSerializer(many=True, read_only=True)
    total = FiguresSerializer(read_only=True)
    articles = ArticleFiguresSerializer(many=True, read_only=True)


class ArticleFigures:
    """An article's figures with the title the caller reads it by."""

    def __init__(self, figures: Figures, title: str):
        self.figures, self.title = figures, title

    def __getattr__(self, name):
        return getattr(self.figures, name)


class DeflectionView(APIView):
    @extend_schema(parameters=[PeriodQuerySerializer], responses=DeflectionSerializer)
    def get(self, request):
        """Of the portal's request forms started in the period (both days included, in the
        server's time zone) that were shown articles: how many opened one, were solved, were sent
        anyway or abandoned, per organisation the caller serves (most shown first) with their
        total, and per article the caller may see (staff only)."""
        person = request.user
        if not person.is_staff_member:
            raise exceptions.PermissionDenied(_("Only the provider's staff read the deflection figures."))
        given = PeriodQuerySerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        since, until = given.validated_data["since"], given.validated_data["until"]
        start, end = deflection_figures.period_bounds(since, until)
        organisations, total = deflection_figures.by_organisation(person, start, end)
        articles = [
            ArticleFigures(row, readable_title(person, row.subject))
            for row in deflection_figures.by_article(person, start, end)
        ]
        figures = {
            "since": since,
            "until": until,
            "organisations": organisations,
            "total": total,
            "articles": articles,
        }
        return Response(DeflectionSerializer(figures).data)
