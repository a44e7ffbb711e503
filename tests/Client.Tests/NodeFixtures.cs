using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Actors.Cluster;
using Sfu.Client;
using Sfu.ClusterHost;
using Sfu.Contracts.Api;
using Sfu.Tests.Shared;

namespace Sfu.Client.Tests;

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
