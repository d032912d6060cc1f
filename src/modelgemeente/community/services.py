"""The community's state changes, one named function each, in a transaction, with what it records
(docs/community.md). Views and the API parse input, call these, and render.

Sections (each owned by one part of the app): participation and the calendar; themes and votes; needs;
sessions, registrations and e-mail; proposals and reviews.
"""

# === participation and calendar ===

# === end participation and calendar ===

# === themes and votes ===

# === end themes and votes ===

# === needs ===

# === end needs ===

# === sessions ===

# === end sessions ===

# === proposals ===

# === end proposals ===
