"""The worked example of docs/maturity-method.md on the real product list: a municipality of 30,000 inhabitants
with the digital levels and logins below, every volume the list's estimate for 30,000 inhabitants.

The doc quotes the figures this test checks; change both together when the product list changes."""

from decimal import ROUND_HALF_UP, Decimal

from modelgemeente.maturity import measures, productlist

INHABITANTS = 30_000

# Digital level per product (0-5, docs/maturity-method.md).
RESIDENTS = {
    "paspoort": 2,
    "identiteitskaart": 2,
    "rijbewijs": 2,
    "verhuizing": 3,
    "uittreksel-brp": 4,
    "geboorteaangifte": 1,
    "overlijdensaangifte": 1,
    "ondertrouw": 3,
    "geregistreerd-partnerschap": 3,
    "naturalisatie": 1,
    "akte-burgerlijke-stand": 4,
    "briefadres": 2,
    "bijstand": 3,
    "bijzondere-bijstand": 2,
    "individuele-inkomenstoeslag": 3,
    "schuldhulpverlening": 1,
    "wmo": 2,
    "jeugdhulp": 0,
    "leerlingenvervoer": 3,
    "kwijtschelding": 3,
    "woz-bezwaar": 4,
    "woz-taxatieverslag": 4,
    "hondenbelasting": 3,
    "parkeervergunning": 4,
    "gehandicaptenparkeerkaart": 2,
    "melding-openbare-ruimte": 2,
    "grofvuil": 4,
    "afvalcontainer": 3,
    "gevonden-voorwerp": 2,
    "omgevingsvergunning-bouwen": 3,
    "kapvergunning": 3,
    "inzage-bouwdossier": 1,
    "vog": 0,
    "huisvestingsvergunning": 2,
    "laadpaal": 2,
    "mantelzorgcompliment": 5,
    "stadspas": 2,
}
# Businesses: level 2 (an online form) unless listed here.
BUSINESSES = {
    "toeristenbelasting": 4,
    "kabels-en-leidingen": 3,
    "horeca-exploitatievergunning": 1,
    "alcoholvergunning": 1,
    "kansspelautomaatvergunning": 1,
    "loonkostensubsidie": 1,
    "bbz": 1,
    "kinderopvang-registratie": 1,
    "winkeltijden-ontheffing": 0,
}
# The login each product asks for now; every other online product asks for exactly the level it needs.
OFFERED = {
    "verhuizing": "digid-midden",  # needs substantieel: too low
    "grofvuil": "digid-basis",  # needs no login: asked without need
    "toeristenbelasting": "digid-substantieel",  # needs eHerkenning: wrong means
    "parkeervergunning": "digid-substantieel",  # needs midden: higher than needed (a remark)
}


def example():
    inputs = []
    for product in productlist.products():
        if product.audience == "inwoners":
            level = RESIDENTS[product.id]
        else:
            level = BUSINESSES.get(product.id, 2)
        offered = OFFERED.get(product.id, product.auth_level)
        inputs.append(
            measures.ProductInput(product.id, product.estimated_volume(INHABITANTS), level, product.auth_level, offered)
        )
    return measures.digitalisation(inputs)


def pct(value):
    return (value * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_both_indices_of_the_worked_example():
    result = example()
    assert result.assessed == len(productlist.products())
    assert (pct(result.unweighted), pct(result.weighted)) == (Decimal("43.8"), Decimal("49.7"))


def test_the_top_5_products_by_impact():
    top = example().ranking[:5]
    assert [(i.id, i.volume.quantize(Decimal(1)), i.level, i.score.quantize(Decimal(1))) for i in top] == [
        ("melding-openbare-ruimte", 3000, 2, 9000),
        ("rijbewijs", 2316, 2, 6948),
        ("verhuizing", 2892, 3, 5784),
        ("paspoort", 1671, 2, 5013),
        ("identiteitskaart", 1002, 2, 3006),
    ]


def test_the_login_mismatches():
    kinds = {m.id: m.kind for m in example().mismatches}
    assert kinds == {
        "verhuizing": "too_low",
        "grofvuil": "not_needed",
        "toeristenbelasting": "wrong_means",
        "parkeervergunning": "higher_than_needed",
    }
