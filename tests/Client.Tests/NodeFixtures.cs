using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Actors.Cluster;
using Sfu.Client;
using Sfu.ClusterHost;
using Sfu.Contracts.Api;

namespace Sfu.Client.Tests;

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

/// <summary>How a test reaches the SFU: in process, or over the wire to a real node.</summary>
public interface ISfuTarget : IAsyncDisposable
{
    ISfu Sfu { get; }

    string NodeId { get; }

    /// <summary>Opens a second, independent app connection.</summary>
    Task<ISfu> ConnectAnotherAsync();
}

public sealed class InProcessTarget : ISfuTarget
{
    private readonly SfuNode _node;
    private readonly List<ISfu> _extra = new();

    private InProcessTarget(SfuNode node)
    {
        _node = node;
        Sfu = new SfuClient(node.Connect());
    }

    public ISfu Sfu { get; }

    public string NodeId => _node.NodeId;

    public static Task<ISfuTarget> StartAsync() =>
        Task.FromResult<ISfuTarget>(new InProcessTarget(SfuNode.Start(new NodeSettings { NodeId = "embedded-node", Workers = 2 })));

    public Task<ISfu> ConnectAnotherAsync()
    {
        var sfu = new SfuClient(_node.Connect());
        _extra.Add(sfu);
        return Task.FromResult<ISfu>(sfu);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sfu in _extra)
        {
            await sfu.DisposeAsync();
        }
        await Sfu.DisposeAsync();
        await _node.DisposeAsync();
    }
}

public sealed class WebSocketTarget : ISfuTarget
{
    private readonly RunningNode _node;
    private readonly List<ISfu> _extra = new();

    private WebSocketTarget(RunningNode node, ISfu sfu)
    {
        _node = node;
        Sfu = sfu;
    }

    public ISfu Sfu { get; }

    public string NodeId => _node.Node.NodeId;

    public RunningNode Node => _node;

    public static async Task<ISfuTarget> StartAsync()
    {
        var node = await RunningNode.StartAsync("ws-node");
        return new WebSocketTarget(node, await SfuClient.ConnectAsync(node.WebSocketUri));
    }

    public async Task<ISfu> ConnectAnotherAsync()
    {
        var sfu = await SfuClient.ConnectAsync(_node.WebSocketUri);
        _extra.Add(sfu);
        return sfu;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sfu in _extra)
        {
            await sfu.DisposeAsync();
        }
        await Sfu.DisposeAsync();
        await _node.DisposeAsync();
    }
}
