"""partnergraph for people and programs: the command line here, the web app later."""
