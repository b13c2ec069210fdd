"""Present, but without the conventional `my_space` or `awaiting`: the tool has no
« Mon espace » section."""
