"""One module per slot of a fact: `unit`, `metric`, `qualifier`, `date`, `source`. Each takes the
analysed article (`factex.context.Context`) and a figure's `Draft`; `factex.extract` runs them."""
