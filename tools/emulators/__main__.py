"""``python -m tools.emulators start|stop|status``."""

from tools.emulators.manage import main

raise SystemExit(main())
