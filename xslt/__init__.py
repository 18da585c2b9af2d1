"""XSLT 3.0 stylesheets, the editorial-conventions table and the CSS of the edition site.

A package only so that ``importlib.resources.files("parley.xslt")`` finds these files in an
installed copy; :mod:`parley.render` compiles them once per process.
"""
