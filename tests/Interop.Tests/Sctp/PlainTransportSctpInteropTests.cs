using System.Collections.Concurrent;
using System.Text.Json;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Interop.Tests.Harness;
using Sfu.Interop.Tests.Sfu;

namespace Sfu.Interop.Tests.Sctp;

/// <summary>
/// PT6 against a real SCTP stack: node-sctp (the peer of mediasoup's test-node-sctp.ts) opens an association over
/// UDP to a comedia PlainTransport with enableSctp, numSctpStreams {OS: 256, MIS: 256}, on a running node, and the
/// application sees it through the public API — tuple learned from SCTP, <c>sctpstatechange</c> connecting then
/// connected, <c>sctpState</c> in stats and dump — and closing the transport aborts the association on the wire.
/// </summary>
[Trait("Category", "Interop")]
public sealed class PlainTransportSctpInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Node_sctp_connects_to_a_comedia_plain_transport_and_closing_the_transport_ends_its_association()
    {
        const int count = 20;
        await using var sfu = SfuFixture.Start("sctp-plain");
        var router = await sfu.Sfu.CreateRouterAsync(SfuFixture.Codecs());
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = SfuFixture.Loopback,
            Comedia = true,
            EnableSctp = true,
            NumSctpStreams = new NumSctpStreams { OS = 256, MIS = 256 },
        });
        var states = new ConcurrentQueue<SctpState>();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tuples = new ConcurrentQueue<TransportTuple>();
        transport.SctpStateChanged += (_, state) =>
        {
            states.Enqueue(state);
            if (state == SctpState.Connected)
            {
                connected.TrySetResult();
            }
        };
        transport.TupleChanged += (_, tuple) => tuples.Enqueue(tuple);
        Assert.Equal(SctpState.New, transport.SctpState);
        Assert.Equal(new SctpParameters { Port = 5000, OS = 256, MIS = 256, MaxMessageSize = 262144 }, transport.SctpParameters);

        using ExternalProcess node = NodeSctpInteropTests.StartNodePeer(transport.Tuple.LocalPort, count, "hold");
        var bound = await node.WaitForLineAsync(l => l.Contains("\"bound\"", StringComparison.Ordinal), Timeout, "node-sctp to bind its UDP socket");
        var nodePort = JsonDocument.Parse(bound.Text).RootElement.GetProperty("port").GetInt32();
        await node.WaitForLineAsync(l => l.Contains("\"connected\"", StringComparison.Ordinal), Timeout, "node-sctp to see the association up");
        await connected.Task.WaitAsync(Timeout);

        // The association came up with the tuple it taught (comedia learns from SCTP as from RTP).
        Assert.Equal([SctpState.Connecting, SctpState.Connected], states.ToArray());
        Assert.Equal(SctpState.Connected, transport.SctpState);
        var tuple = Assert.Single(tuples);
        Assert.Equal("127.0.0.1", tuple.RemoteIp);
        Assert.Equal(nodePort, tuple.RemotePort);
        Assert.Equal(nodePort, transport.Tuple.RemotePort);

        var stats = Assert.IsType<PlainTransportStats>(Assert.Single(await transport.GetStatsAsync()));
        Assert.Equal(SctpState.Connected, stats.SctpState);
        Assert.True(stats.BytesReceived > 0 && stats.BytesSent > 0, $"received {stats.BytesReceived}, sent {stats.BytesSent} bytes");

        // No data producers yet: node's messages are counted and dropped, its DCEP message ignored.
        await node.WaitForLineAsync(l => l.Contains("\"sent\"", StringComparison.Ordinal), Timeout, "node-sctp to send its messages");
        var dump = await WaitForDumpAsync(transport, d => Drops(d, "sctpNoDataProducer") == count && Drops(d, "sctpDataChannelControl") == 1,
            $"{count} messages counted as sctpNoDataProducer and 1 as sctpDataChannelControl");
        Assert.Equal(SctpState.Connected, dump.SctpState);
        Assert.Equal(0, Drops(dump, "badSctp"));

        await transport.CloseAsync();
        Assert.Equal(SctpState.Closed, transport.SctpState);
        await node.WaitForLineAsync(l => l.Contains("\"ended\"", StringComparison.Ordinal), Timeout, "node-sctp to see the association ended (ABORT)");
        Assert.Equal(0, await node.WaitForExitAsync(Timeout));
        Assert.Equal([SctpState.Connecting, SctpState.Connected], states.ToArray()); // closing the transport emits no sctpstatechange (WT9)
    }

    private static long Drops(BaseTransportDump dump, string reason) =>
        dump.PacketDrops is { } drops && drops.TryGetValue(reason, out var n) ? n : 0;

    private static async Task<PlainTransportDump> WaitForDumpAsync(global::Sfu.Contracts.Api.IPlainTransport transport,
        Func<PlainTransportDump, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var dump = Assert.IsType<PlainTransportDump>(await transport.DumpAsync());
            if (condition(dump))
            {
                return dump;
            }
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}; packetDrops: "
                    + string.Join(", ", (dump.PacketDrops ?? new Dictionary<string, long>()).Select(e => $"{e.Key}={e.Value}")));
            }
        }
    }
}
