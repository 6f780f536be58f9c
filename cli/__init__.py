"""circular's command line: thin click commands over the loader, the query library and the server."""
