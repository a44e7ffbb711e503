using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sfu.Contracts;
using Sfu.Contracts.Wire;
using Sfu.Tests.Shared;

namespace Sfu.Client.Tests;

/// <summary>The WebSocket connection's resilience: contact points, reconnects, session take-back, failover.</summary>
public sealed class WebSocketConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task It_connects_to_the_first_reachable_contact_point()
    {
        await using var node = await RunningNode.StartAsync("reachable");
        var dead = new Uri($"ws://127.0.0.1:{FreePort()}/ws");
        await using var connection = await WebSocketSfuConnection.ConnectAsync(dead, node.WebSocketUri);
        await using var client = new SfuClient(connection, ownsConnection: false);

        var nodes = await client.GetNodesAsync();
        Assert.Equal("reachable", Assert.Single(nodes.Nodes).NodeId);
        Assert.Equal(node.WebSocketUri, connection.CurrentContactPoint);
    }

    [Fact]
    public async Task With_no_reachable_contact_point_connecting_fails_with_NodeUnavailable()
    {
        var options = new WebSocketSfuConnectionOptions
        {
            ContactPoints = [new Uri($"ws://127.0.0.1:{FreePort()}/ws")],
            RequestTimeout = TimeSpan.FromSeconds(1),
        };
        var error = await Assert.ThrowsAsync<SfuException>(() => WebSocketSfuConnection.ConnectAsync(options));
        Assert.Equal(ErrorNames.NodeUnavailable, error.Name);
    }

    [Fact]
    public async Task After_a_cut_it_reconnects_and_takes_its_session_back()
    {
        await using var node = await RunningNode.StartAsync("resumable");
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, node.WebSocketUri.Port));
        var changes = new BlockingCollection<bool>();
        var notifications = new BlockingCollection<WireNotification>();
        await using var connection = await WebSocketSfuConnection.ConnectAsync(new WebSocketSfuConnectionOptions
        {
            ContactPoints = [new Uri($"ws://127.0.0.1:{proxy.Port}/ws")],
        });
        connection.ConnectionChanged += (_, up) => changes.Add(up);
        connection.Notification += (_, n) => notifications.Add(n);
        await using var client = new SfuClient(connection, ownsConnection: false);
        var router = await client.CreateRouterAsync(RouterApiTests.IssueCodecs());

        proxy.CutAll();
        Assert.True(changes.TryTake(out var down, Timeout));
        Assert.False(down);
        Assert.True(changes.TryTake(out var up, Timeout));
        Assert.True(up);
        Assert.Equal(2, proxy.Accepted);

        // Requests work again, and the session's routers still notify it: close the router from another app.
        Assert.Single((await client.GetNodesAsync()).Nodes);
        await using var other = await SfuClient.ConnectAsync(node.WebSocketUri);
        await other.Connection.RequestAsync(WireMethods.RouterClose,
            JsonDocument.Parse($$"""{"routerId":"{{router.Id}}"}""").RootElement.Clone());
        Assert.True(notifications.TryTake(out var closed, Timeout));
        Assert.Equal("router.close", closed.Method);
        Assert.Equal(router.Id, closed.Data.GetProperty("routerId").GetString());
    }

    [Fact]
    public async Task When_its_node_goes_away_it_fails_over_to_the_next_contact_point()
    {
        var first = await RunningNode.StartAsync("first");
        await using var second = await RunningNode.StartAsync("second");
        var changes = new BlockingCollection<bool>();
        await using var connection = await WebSocketSfuConnection.ConnectAsync(first.WebSocketUri, second.WebSocketUri);
        connection.ConnectionChanged += (_, up) => changes.Add(up);
        await using var client = new SfuClient(connection, ownsConnection: false);
        Assert.Equal("first", Assert.Single((await client.GetNodesAsync()).Nodes).NodeId);
        var router = await client.CreateRouterAsync(RouterApiTests.IssueCodecs());
        var closed = new TaskCompletionSource<string>();
        router.Closed += (_, e) => closed.TrySetResult(e.Reason);

        // The stopping node closes its routers (reason NodeShutdown) and tells the session before it goes.
        await first.DisposeAsync();
        Assert.Equal(CloseReasons.NodeShutdown, await closed.Task.WaitAsync(Timeout));
        Assert.True(changes.TryTake(out var down, Timeout));
        Assert.False(down);
        Assert.True(changes.TryTake(out var up, Timeout));
        Assert.True(up);

        Assert.Equal("second", Assert.Single((await client.GetNodesAsync()).Nodes).NodeId);
        Assert.Equal(second.WebSocketUri, connection.CurrentContactPoint);
    }

    [Fact]
    public async Task After_dispose_requests_fail_with_InvalidStateError()
    {
        await using var node = await RunningNode.StartAsync("disposed");
        var connection = await WebSocketSfuConnection.ConnectAsync(node.WebSocketUri);
        await connection.DisposeAsync();
        await Assert.ThrowsAsync<InvalidStateError>(() => connection.RequestAsync(WireMethods.ClusterGetNodes, WireCodec.EmptyObject));
        Assert.False(connection.IsConnected);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
