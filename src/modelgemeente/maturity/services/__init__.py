"""Every state change of the maturity app, one module per part: assessments, digitalisation (product
measurements and the CSV import) and ambitions; `history` holds the version check and the change record
that all of them use. Views and API views call these functions and nothing else to change data."""
