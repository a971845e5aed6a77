"""partnergraph for people and programs: the command line (:mod:`api.cli`) and the web app
(:mod:`api.app`: the JSON API under ``/api`` and the pages), over one graph store."""
