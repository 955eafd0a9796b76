"""Uses IPython magics and the shell in its own cells."""

get_ipython().run_line_magic("load_ext", "autoreload")
get_ipython().run_line_magic("autoreload", "2")
get_ipython().run_line_magic("who", "")
get_ipython().system("echo hello from the shell")
