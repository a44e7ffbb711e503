using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Client;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Ids;
using Sfu.Contracts.Json;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Wire;

namespace Sfu.Client.Tests;

/// <summary>
/// Router creation, capabilities, dump and close through the C# API. The same tests run in process (an embedded node
/// behind a local connection) and over the wire (a real node, a WebSocket client).
/// </summary>
public abstract class RouterApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private ISfuTarget _target = null!;

    protected ISfu Sfu => _target.Sfu;

    protected abstract Task<ISfuTarget> StartAsync();

    public async Task InitializeAsync() => _target = await StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    public static RouterOptions IssueCodecs(JsonObject? appData = null) => new()
    {
        MediaCodecs =
        [
            new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2 },
            new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "video/VP8", ClockRate = 90000, PreferredPayloadType = 125 },
            new RtpCodecCapability
            {
                Kind = MediaKind.Video, MimeType = "video/H264", ClockRate = 90000,
                Parameters = new Dictionary<string, CodecParameterValue> { ["packetization-mode"] = 1, ["profile-level-id"] = "42e01f" },
            },
        ],
        AppData = appData,
    };

    [Fact]
    public async Task Create_router_gives_the_payload_types_rtx_and_header_extensions_of_ORTC_1()
    {
        var router = await Sfu.CreateRouterAsync(IssueCodecs(new JsonObject { ["room"] = "a" }));

        var codecs = router.RtpCapabilities.Codecs!;
        Assert.Equal(
            ["audio/opus:100", "video/VP8:125", "video/rtx:101", "video/H264:102", "video/rtx:103"],
            codecs.Select(c => $"{c.MimeType}:{c.PreferredPayloadType}"));
        Assert.Equal(125, codecs[2].Parameters!["apt"].Number);
        Assert.Equal(102, codecs[4].Parameters!["apt"].Number);
        Assert.Equal(2, codecs[0].Channels);
        Assert.Equal("42e01f", codecs[3].Parameters!["profile-level-id"].String);
        Assert.Contains(codecs[1].RtcpFeedback!, f => f.Type == "nack" && f.Parameter == "pli");

        string[] expected =
        [
            "audio urn:ietf:params:rtp-hdrext:sdes:mid 1 sendrecv",
            "video urn:ietf:params:rtp-hdrext:sdes:mid 1 sendrecv",
            "video urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id 2 recvonly",
            "video urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id 3 recvonly",
            "audio http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time 4 sendrecv",
            "video http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time 4 sendrecv",
            "audio http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01 5 recvonly",
            "video http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01 5 sendrecv",
            "video http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07 6 sendrecv",
            "video urn:ietf:params:rtp-hdrext:framemarking 7 sendrecv",
            "audio urn:ietf:params:rtp-hdrext:ssrc-audio-level 10 sendrecv",
            "video urn:3gpp:video-orientation 11 sendrecv",
            "video urn:ietf:params:rtp-hdrext:toffset 12 sendrecv",
            "audio http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time 13 sendrecv",
            "video http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time 13 sendrecv",
            "audio http://www.webrtc.org/experiments/rtp-hdrext/playout-delay 14 sendrecv",
            "video http://www.webrtc.org/experiments/rtp-hdrext/playout-delay 14 sendrecv",
        ];
        var extensions = router.RtpCapabilities.HeaderExtensions!;
        Assert.Equal(expected, extensions.Select(e =>
            $"{e.Kind.ToWire()} {e.Uri} {e.PreferredId} {JsonSerializer.Serialize(e.Direction, SfuJson.Options).Trim('"')}"));
        Assert.All(extensions, e => Assert.False(e.PreferredEncrypt));

        Assert.Equal("a", router.AppData["room"]!.GetValue<string>());
        Assert.True(EntityId.TryParseOwner(router.Id, out var owner, out _));
        Assert.Equal(router.NodeId, owner);
        Assert.Equal(_target.NodeId, router.NodeId);
    }

    [Fact]
    public async Task A_new_router_has_an_empty_dump_and_is_listed_by_its_worker_and_the_cluster()
    {
        var router = await Sfu.CreateRouterAsync(IssueCodecs());

        var dump = await router.DumpAsync();
        Assert.Equal(router.Id, dump.Id);
        Assert.Empty(dump.TransportIds);
        Assert.Empty(dump.RtpObserverIds);
        Assert.Empty(dump.MapProducerIdConsumerIds);
        Assert.Empty(dump.MapConsumerIdProducerId);
        Assert.Empty(dump.MapProducerIdObserverIds);
        Assert.Empty(dump.MapDataProducerIdDataConsumerIds);
        Assert.Empty(dump.MapDataConsumerIdDataProducerId);

        var workerDump = await Sfu.GetWorker(router.NodeId, router.WorkerId).DumpAsync();
        Assert.Equal(Environment.ProcessId, workerDump.Pid);
        Assert.Contains(router.Id, workerDump.RouterIds);
        Assert.Contains(router.Id, workerDump.ChannelMessageHandlers.ChannelRequestHandlers);
        Assert.Empty(workerDump.WebRtcServerIds);

        var nodes = await Sfu.GetNodesAsync();
        var node = Assert.Single(nodes.Nodes);
        Assert.Equal(router.NodeId, node.NodeId);
        Assert.Equal(NodeState.Serving, node.State);
        Assert.Equal(1, node.Workers.Single(w => w.WorkerId == router.WorkerId).RouterCount);
    }

    [Fact]
    public async Task Close_raises_closed_once_with_reason_app_and_removes_the_router_everywhere()
    {
        var router = await Sfu.CreateRouterAsync(IssueCodecs());
        var reasons = new ConcurrentQueue<string>();
        router.Closed += (_, e) => reasons.Enqueue(e.Reason);

        await router.CloseAsync();
        await router.CloseAsync(); // idempotent

        Assert.True(router.IsClosed);
        Assert.Equal([CloseReasons.App], reasons);
        var error = await Assert.ThrowsAsync<SfuException>(() => router.DumpAsync());
        Assert.Equal(ErrorNames.Error, error.Name);

        var workerDump = await Sfu.GetWorker(router.NodeId, router.WorkerId).DumpAsync();
        Assert.DoesNotContain(router.Id, workerDump.RouterIds);
        var nodes = await Sfu.GetNodesAsync();
        Assert.All(nodes.Nodes.Single().Workers, w => Assert.Equal(0, w.RouterCount));
    }

    [Fact]
    public async Task Closing_the_router_notifies_the_session_that_created_it()
    {
        var client = (SfuClient)Sfu;
        var notifications = new BlockingCollection<WireNotification>();
        client.Connection.Notification += (_, n) => notifications.Add(n);
        var router = await Sfu.CreateRouterAsync(IssueCodecs());

        // Closed from another app connection: the creator still hears of it, with the reason.
        var other = await _target.ConnectAnotherAsync();
        await ((SfuClient)other).Connection.RequestAsync(WireMethods.RouterClose, Json($$"""{"routerId":"{{router.Id}}"}"""));

        Assert.True(notifications.TryTake(out var notification, Timeout));
        Assert.Equal("router.close", notification.Method);
        Assert.Equal(router.Id, notification.Data.GetProperty("routerId").GetString());
        Assert.Equal("app", notification.Data.GetProperty("reason").GetString());
        await WaitUntil(() => router.IsClosed);
    }

    [Fact]
    public async Task CanConsume_answers_false_for_an_unknown_producer_and_for_bad_capabilities()
    {
        var router = await Sfu.CreateRouterAsync(IssueCodecs());
        Assert.False(await router.CanConsumeAsync("no-such-producer", router.RtpCapabilities));
        Assert.False(await router.CanConsumeAsync("no-such-producer", new RtpCapabilities()));

        var raw = ((SfuClient)Sfu).Connection;
        var answer = await raw.RequestAsync(WireMethods.RouterCanConsume, Json($$"""{"routerId":"{{router.Id}}","producerId":5,"rtpCapabilities":"bad"}"""));
        Assert.Equal(JsonValueKind.False, answer.ValueKind);
    }

    [Fact]
    public async Task Bad_codecs_and_app_data_are_rejected_with_the_mediasoup_error_kinds()
    {
        await Assert.ThrowsAsync<UnsupportedError>(() => Sfu.CreateRouterAsync(new RouterOptions
        {
            MediaCodecs = [new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/chicken", ClockRate = 8000 }],
        }));
        await Assert.ThrowsAsync<UnsupportedError>(() => Sfu.CreateRouterAsync(new RouterOptions
        {
            MediaCodecs = [new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 1 }],
        }));

        var raw = ((SfuClient)Sfu).Connection;
        await Assert.ThrowsAsync<TypeError>(() => raw.RequestAsync(WireMethods.ClusterCreateRouter, Json("""{"mediaCodecs":{}}""")));
        await Assert.ThrowsAsync<TypeError>(() => raw.RequestAsync(WireMethods.ClusterCreateRouter, Json("""{"mediaCodecs":[],"appData":"str"}""")));
        await Assert.ThrowsAsync<TypeError>(() => raw.RequestAsync(WireMethods.ClusterCreateRouter,
            Json("""{"mediaCodecs":[{"kind":"chicken","mimeType":"audio/opus","clockRate":48000}]}""")));

        // Nothing was created by the failed calls.
        var nodes = await Sfu.GetNodesAsync();
        Assert.All(nodes.Nodes.Single().Workers, w => Assert.Equal(0, w.RouterCount));
    }

    [Fact]
    public async Task Routers_spread_over_workers_and_a_named_worker_or_node_is_honoured()
    {
        var first = await Sfu.CreateRouterAsync(IssueCodecs());
        var second = await Sfu.CreateRouterAsync(IssueCodecs());
        Assert.NotEqual(first.WorkerId, second.WorkerId);

        var placed = await Sfu.CreateRouterAsync(IssueCodecs() with { NodeId = _target.NodeId, WorkerId = 1 });
        Assert.Equal(1, placed.WorkerId);

        await Assert.ThrowsAsync<TypeError>(() => Sfu.CreateRouterAsync(IssueCodecs() with { WorkerId = 7 }));
        await Assert.ThrowsAsync<NodeUnavailableError>(() => Sfu.CreateRouterAsync(IssueCodecs() with { NodeId = "nowhere" }));
    }

    [Fact]
    public async Task Worker_resource_usage_and_settings()
    {
        var worker = Sfu.GetWorker(_target.NodeId, 0);
        var usage = await worker.GetResourceUsageAsync();
        Assert.True(usage.MaxResidentSetSize > 0);
        Assert.True(usage.VoluntaryContextSwitches + usage.InvoluntaryContextSwitches > 0);

        await worker.UpdateSettingsAsync(new WorkerUpdateableSettings { LogLevel = WorkerLogLevel.Debug, LogTags = ["info", "rtp", "foo"] });
        var raw = ((SfuClient)Sfu).Connection;
        var error = await Assert.ThrowsAsync<TypeError>(() =>
            raw.RequestAsync(WireMethods.WorkerUpdateSettings, Json($$"""{"nodeId":"{{_target.NodeId}}","workerId":0,"logLevel":"chicken"}""")));
        Assert.Contains("logLevel", error.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<TypeError>(() => Sfu.GetWorker(_target.NodeId, 99).DumpAsync());
    }

    protected static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}

public sealed class RouterApiInProcessTests : RouterApiTests
{
    protected override Task<ISfuTarget> StartAsync() => InProcessTarget.StartAsync();
}

public sealed class RouterApiOverWebSocketTests : RouterApiTests
{
    protected override Task<ISfuTarget> StartAsync() => WebSocketTarget.StartAsync();
}
