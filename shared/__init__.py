"""clickKloudy application core: domain, services and adapters, free of any entrypoint framework."""
