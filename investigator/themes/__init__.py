"""Theme frameworks, tagging and tag suggestions. No Qt, no SQL."""
