"""What /editions/{year}/releases and /editions/{year}/diff return (snake_case here, camelCase on the wire).

`diff_payload` turns a catalog.diff.ReleaseDiff into the API's shape; it computes no money: amounts are
the engine's, written as strings with cents by `serializers.amount` like the budget payload.
"""

from django.urls import reverse
from rest_framework import serializers

from modelgemeente.catalog.diff import ReleaseDiff
from modelgemeente.catalog.models import Edition, EditionStatus

from .serializers import AmountField, LinkSerializer, ProfileSerializer, amount, href

# The statuses as text (the enum of edition statuses is in the Edition schema; one enum per choice set).
STATUS_HELP = "Status van de editie bij deze release: " + ", ".join(EditionStatus.values) + "."
CHANGES = [("added", "added"), ("removed", "removed"), ("changed", "changed")]
OPS = [(op, op) for op in ("equal", "insert", "delete", "skip")]


class ReleaseSerializer(serializers.ModelSerializer):
    release = serializers.CharField(source="release_id", help_text="De release: jaar.nummer (2026.2).")
    number = serializers.IntegerField(allow_null=True, help_text="Volgnummer; leeg voor een concept.")
    status = serializers.CharField(help_text=STATUS_HELP)
    published_on = serializers.DateField(allow_null=True)
    correction_reason = serializers.CharField(help_text="Reden van de correctie; leeg als het geen correctie is.")
    release_notes = serializers.CharField(help_text="Releasenotes in Markdown.")
    _links = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = [
            "release",
            "year",
            "number",
            "status",
            "published_on",
            "correction_reason",
            "release_notes",
            "_links",
        ]

    def get__links(self, release) -> dict:
        request = self.context["request"]
        links = {
            "self": href(request, f"/api/v1/editions/{release.year}/releases"),
            "edition": href(request, f"/api/v1/editions/{release.year}"),
            "diff": href(request, f"/api/v1/editions/{release.year}/diff?from={release.release_id}"),
        }
        if release.is_published:
            links["whats_new"] = href(request, reverse("catalog:release", args=[release.year, release.number]))
        return links


class ReleaseRefSerializer(serializers.Serializer):
    release = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    published_on = serializers.DateField(allow_null=True)


class SegmentSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=OPS, help_text="equal, insert, delete; skip: zoveel ongewijzigde woorden.")
    text = serializers.CharField(allow_blank=True)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField(allow_null=True)
    word_diff = SegmentSerializer(many=True, allow_null=True, help_text="Woordverschil, alleen bij teksten.")


class YearEffectSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    old = AmountField()
    new = AmountField()
    difference = AmountField()


class EffectSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    amounts = YearEffectSerializer(many=True)
    old_total = AmountField()
    new_total = AmountField()
    difference_total = AmountField()


class LineChangeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="<ontwikkeling>/<regel>")
    development = serializers.CharField()
    line = serializers.CharField()
    description = serializers.CharField()
    change = serializers.ChoiceField(choices=CHANGES)
    fields = FieldChangeSerializer(many=True)
    effect = EffectSerializer()


class DevelopmentChangeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    domain = serializers.CharField()
    change = serializers.ChoiceField(choices=CHANGES)
    fields = FieldChangeSerializer(many=True)
    lines = serializers.ListField(child=serializers.CharField(), help_text="Sleutels van de gewijzigde regels.")


class ItemChangeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    change = serializers.ChoiceField(choices=CHANGES)
    fields = FieldChangeSerializer(many=True)


class DiffProfileSerializer(ProfileSerializer):
    reference = serializers.BooleanField(help_text="De referentiegemeente van de nieuwe release.")


class DiffLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    html = LinkSerializer(help_text="De verschilpagina van de catalogus.")


class DiffSerializer(serializers.Serializer):
    """The shape of a diff, for the OpenAPI document; the data comes from diff_payload."""

    from_release = ReleaseRefSerializer()
    to_release = ReleaseRefSerializer()
    currency = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    profile = DiffProfileSerializer()
    by_domain = EffectSerializer(many=True)
    total = EffectSerializer()
    developments = DevelopmentChangeSerializer(many=True)
    lines = LineChangeSerializer(many=True)
    laws = ItemChangeSerializer(many=True)
    opgaven = ItemChangeSerializer(many=True)
    assumptions = FieldChangeSerializer(many=True)
    _links = DiffLinksSerializer()


def _ref(release: Edition) -> dict:
    return {
        "release": release.release_id,
        "title": release.title,
        "status": release.status,
        "published_on": release.published_on,
    }


def _fields(changes) -> list[dict]:
    return [
        {
            "field": c.field,
            "label": c.label,
            "old": c.old,
            "new": c.new,
            "word_diff": [{"op": s.op, "text": s.text} for s in c.words] if c.words is not None else None,
        }
        for c in changes
    ]


def _effect(effect) -> dict:
    return {
        "key": effect.key,
        "name": effect.label,
        "amounts": [
            {"year": y.year, "old": amount(y.old), "new": amount(y.new), "difference": amount(y.difference)}
            for y in effect.years
        ],
        "old_total": amount(effect.old_total),
        "new_total": amount(effect.new_total),
        "difference_total": amount(effect.difference_total),
    }


def _items(items) -> list[dict]:
    return [{"slug": i.slug, "name": i.name, "change": i.change, "fields": _fields(i.fields)} for i in items]


def diff_payload(result: ReleaseDiff, request) -> dict:
    p = result.profile
    return {
        "from_release": _ref(result.old),
        "to_release": _ref(result.new),
        "currency": "EUR",
        "years": list(result.years),
        "profile": {
            "inhabitants": p.profile.inhabitants,
            "employees": p.profile.employees,
            "departments": p.profile.departments,
            "estimated": list(p.estimated),
            "reference": p.reference,
        },
        "by_domain": [_effect(e) for e in result.by_domain],
        "total": _effect(result.total),
        "developments": [
            {
                "slug": d.slug,
                "title": d.title,
                "domain": d.domain,
                "change": d.change,
                "fields": _fields(d.fields),
                "lines": [line.key for line in d.lines],
            }
            for d in result.developments
        ],
        "lines": [
            {
                "key": line.key,
                "development": line.development,
                "line": line.slug,
                "description": line.description,
                "change": line.change,
                "fields": _fields(line.fields),
                "effect": _effect(line.effect),
            }
            for line in result.lines
        ],
        "laws": _items(result.laws),
        "opgaven": _items(result.opgaven),
        "assumptions": _fields(result.assumptions),
        "_links": {
            "self": href(request, request.get_full_path()),
            "html": href(
                request, f"{reverse('catalog:diff')}?van={result.old.release_id}&naar={result.new.release_id}"
            ),
        },
    }
