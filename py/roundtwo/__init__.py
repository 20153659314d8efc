"""Round Two: the protocol logic for preparing a second-round interview.

Pure Python; runs the same in CPython (tests) and in Pyodide (the browser). The only door in is
`roundtwo.api.dispatch`.
"""

__version__ = "0.1.0"
