using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Actors.Cluster;
using Sfu.ClusterHost;

namespace Sfu.Tests.Shared;

/// <summary>A real node process-in-a-test: the host as `dotnet run` starts it, on a free port.</summary>
public sealed class RunningNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningNode(WebApplication app, Uri wsUri, Uri httpUri)
    {
        _app = app;
        WebSocketUri = wsUri;
        HttpUri = httpUri;
    }

    public Uri WebSocketUri { get; }

    public Uri HttpUri { get; }

    public SfuNode Node => _app.Services.GetRequiredService<SfuNode>();

    public static async Task<RunningNode> StartAsync(string nodeId = "test-node", int workers = 2)
    {
        var environment = new Dictionary<string, string>
        {
            ["SFU_HTTP_PORT"] = "0",
            ["SFU_NODE_ID"] = nodeId,
            ["SFU_MEDIA_WORKERS"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var app = NodeHost.Build(["--config", ConfigPath], environment);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var http = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new RunningNode(app, new Uri($"ws://{http.Authority}/ws"), http);
    }

    /// <summary>The embedded configuration as shipped (copied beside the host's binaries).</summary>
    public static string ConfigPath => Path.Combine(AppContext.BaseDirectory, "hocon", "embedded.conf");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
