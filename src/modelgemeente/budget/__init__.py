"""The budget engine: pure Python, no Django. See docs/budget-method.md."""
