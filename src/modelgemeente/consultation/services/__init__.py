"""Every state change of the consultation app, one module per part: regions (roles), signals, questions,
positions and provisions; `common` holds the version check they share. Views, API views and commands call these."""
