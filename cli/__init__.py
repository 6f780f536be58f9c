"""circular's command line: thin click commands over the loader, the query library and the server."""

from cli.lazy_libraries import defer

defer()  # before any command module imports the driver or pandas
