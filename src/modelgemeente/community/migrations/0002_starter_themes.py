"""The editors' starter themes for the sessions of 2027 (issue 14): proposed, for the participants to
vote on. Reversing removes only starter themes without votes, sessions or needs, so no participant's input is lost."""

from django.db import migrations

YEAR = 2027

STARTER_THEMES = [
    (
        "Wendbaarheid versus basiscapaciteit",
        "Hoeveel van het ICT-budget gaat op aan het op orde houden van wat er al is (beheer, licenties, "
        "continuïteit, beveiliging), en hoeveel blijft er over om te vernieuwen? Veel gemeenten merken dat de "
        "basis steeds meer vraagt, terwijl wetgeving en inwoners om vernieuwing blijven vragen. We bespreken "
        "hoe het model die verhouding zichtbaar maakt, welke ontwikkelingen echt basiscapaciteit zijn en welke "
        "wendbaarheid, en hoe een gemeente met architectuur en standaarden ruimte houdt om te kunnen bewegen.",
    ),
    (
        "Digitale dienstverlening en de Wmebv",
        "De Wet modernisering elektronisch bestuurlijk verkeer geeft inwoners en ondernemers het recht om "
        "digitaal met de gemeente te communiceren, via kanalen die de gemeente zelf aanwijst. Wat kost het om "
        "die kanalen in te richten en beschikbaar te houden, wat moet er bij de backoffice gebeuren, en hoe "
        "blijft de dienstverlening toegankelijk voor wie niet digitaal meekomt?",
    ),
    (
        "Informatiebeveiliging onder de Cyberbeveiligingswet",
        "Met de Cyberbeveiligingswet (de Nederlandse uitwerking van NIS2) krijgen gemeenten een zorgplicht en "
        "een meldplicht. Welke maatregelen, welke capaciteit en welke kosten horen daarbij voor een gemeente "
        "van onze omvang, hoe verhoudt het zich tot de BIO, en wat kunnen gemeenten samen organiseren in "
        "plaats van ieder voor zich?",
    ),
    (
        "Data en AI in de gemeentelijke praktijk",
        "Gemeenten willen meer met hun gegevens doen en experimenteren met AI, maar lopen aan tegen "
        "datakwaliteit, privacy, de AI-verordening en schaarse kennis. Welke begrotingsregels horen bij "
        "verantwoord datagebruik en AI, welke basis moet op orde zijn, en waar ligt het punt waarop een "
        "gemeente beter kan aansluiten bij een gezamenlijke voorziening?",
    ),
    (
        "Regionale samenwerking en collectieve voorzieningen",
        "Niet alles hoeft 342 keer te worden ontwikkeld en uitgerold. Welke ontwikkelingen lenen zich voor een "
        "collectieve voorziening of een regionale aanpak, wat betekent dat voor de eigen begroting en de eigen "
        "capaciteit, en hoe maken we in het model zichtbaar wat een gemeente bespaart of juist extra bijdraagt "
        "als zij samen optrekt?",
    ),
    (
        "De P&C-cyclus en het jaarritme van het model",
        "Het model helpt alleen als het op tijd is voor de voorjaarsnota en de begroting. We kijken naar het "
        "jaarritme van de inhoudsversie in het voorjaar en de begrotingsversie in de zomer, naar hoe "
        "gemeenten de cijfers in hun eigen planning- en controlcyclus gebruiken, en naar wat er nodig is om "
        "de vertaling naar de eigen gemeente sneller en beter uitlegbaar te maken.",
    ),
]


def add_starter_themes(apps, schema_editor):
    Theme = apps.get_model("community", "Theme")
    for title, description in STARTER_THEMES:
        Theme.objects.get_or_create(
            year=YEAR, title=title, defaults={"description": description, "starter": True, "status": "proposed"}
        )


def remove_starter_themes(apps, schema_editor):
    Theme = apps.get_model("community", "Theme")
    Theme.objects.filter(
        year=YEAR,
        starter=True,
        title__in=[title for title, _ in STARTER_THEMES],
        votes__isnull=True,
        sessions__isnull=True,
        needs__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(add_starter_themes, remove_starter_themes)]
