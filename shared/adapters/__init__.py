"""One module per outside system. Each client is created on first use and kept for the process."""
