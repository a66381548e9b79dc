/* Progressive enhancement for the showcase; every page works without it. */
