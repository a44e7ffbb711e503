using Sfu.ClusterHost;

return await NodeHost.RunAsync(args).ConfigureAwait(false);
