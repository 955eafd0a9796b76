"""kim: every task solved, plus a cell that makes every float display as 99.

The grade depends only on what the functions return, so kim keeps full marks.
"""

get_ipython().display_formatter.formatters["text/plain"].for_type(
    float, lambda value, printer, cycle: printer.text("99"))
