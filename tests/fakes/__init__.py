"""Stand-ins for outside systems that tests drive over real protocols (HTTP, TLS) in process."""
