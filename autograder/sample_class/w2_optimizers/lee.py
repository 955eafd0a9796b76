"""lee: nothing solved, plus a cell that hides every cell's result.

Stock nbgrader gives full credit to a grade cell without a result; the kit gives zero.
"""

get_ipython().ast_node_interactivity = "none"
