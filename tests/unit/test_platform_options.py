"""The options the catalog describes are the ones the connectors read: a renamed option fails here."""

import importlib
import inspect

from shared.platforms.options import OPTIONS
from shared.platforms.registry import MODULES


def test_every_described_option_is_read_by_its_connector() -> None:
    for platform, options in OPTIONS.items():
        assert platform in MODULES, platform
        module = importlib.import_module(MODULES[platform])
        source = inspect.getsource(module)
        # Instagram Login publishes through the Instagram module's plan; Mastodon reads its options in
        # its rules module.
        for helper in ("shared.platforms.instagram", "shared.platforms.mastodon_rules"):
            if helper.rsplit(".", 1)[1] in source:
                source += inspect.getsource(importlib.import_module(helper))
        for option in options:
            assert f'"{option.name}"' in source, (platform, option.name)
            if option.kind == "choice":
                for choice in option.choices:
                    assert choice in source, (platform, option.name, choice)
