// The node executable. Filled in by the foundation work: config, workers, WebSocket API.
return 0;
