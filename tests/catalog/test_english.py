"""The English interface translates the budget's fixed labels on the pages; the exports stay Dutch
P&C documents."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_budget_page_labels_in_english_and_dutch(client, test_edition):
    dutch = client.get(f"/editie/{test_edition.year}/begroting/").content.decode()
    assert "Incidenteel" in dutch and "Capaciteit (fte)" in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/editie/{test_edition.year}/begroting/").content.decode()
    assert "One-off" in english and "Recurring" in english and "Capacity (FTE)" in english
    assert "Licences and SaaS" in english
    assumptions = client.get(f"/editie/{test_edition.year}/uitgangspunten/").content.decode()
    assert "Hours per FTE per week" in assumptions and "Price level" in assumptions
    csv = client.get(f"/editie/{test_edition.year}/begroting.csv").content.decode("utf-8")
    assert "Incidenteel" in csv and "One-off" not in csv
