def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes minutes (builds the container image); deselect with -m 'not slow'")
