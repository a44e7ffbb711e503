using System.Net;
using System.Net.Sockets;
using Sfu.Contracts;
using Sfu.Contracts.Api;
using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Contracts.Wire;
using Sfu.Media.Sctp;
using Sfu.Media.Time;
using SctpState = Sfu.Contracts.Transports.SctpState;

namespace Sfu.Client.Tests.Media;

/// <summary>
/// SCTP on plain and pipe transports (PT6, PP1, WT8 <c>sctpstatechange</c>, WT9) through the C# API and the wire: a
/// pipe pair between routers on two workers brings its association up, both ends report it, and closing one end
/// aborts the other's; a transport without SCTP counts SCTP datagrams as drops; the SCTP options are validated.
/// </summary>
public abstract class TransportSctpApiTests(SfuTargetFixture fixture) : MediaApiTestBase(fixture)
{
    [Fact]
    public async Task A_pipe_pair_between_two_workers_reaches_sctp_connected_and_closing_one_end_closes_the_other()
    {
        var notifications = Notifications();
        var routerA = await CreateRouterAsync(workerId: 0);
        var routerB = await CreateRouterAsync(workerId: 1);
        var options = new PipeTransportOptions { ListenInfo = Loopback, EnableSctp = true, NumSctpStreams = new NumSctpStreams { OS = 300, MIS = 200 } };
        var a = await routerA.CreatePipeTransportAsync(options);
        var b = await routerB.CreatePipeTransportAsync(options);
        var statesA = new EventLog<SctpState>();
        var statesB = new EventLog<SctpState>();
        a.SctpStateChanged += (_, state) => statesA.Add(state);
        b.SctpStateChanged += (_, state) => statesB.Add(state);
        Assert.Equal(SctpState.New, a.SctpState);
        Assert.Equal(SctpState.New, b.SctpState);

        await a.ConnectAsync(new PipeTransportConnectParameters { Ip = "127.0.0.1", Port = b.Tuple.LocalPort });
        await b.ConnectAsync(new PipeTransportConnectParameters { Ip = "127.0.0.1", Port = a.Tuple.LocalPort });

        await statesA.WaitForAsync(s => s == SctpState.Connected, "pipe A's association to connect", Timeout);
        await statesB.WaitForAsync(s => s == SctpState.Connected, "pipe B's association to connect", Timeout);
        Assert.Equal([SctpState.Connecting, SctpState.Connected], statesA.Items);
        Assert.Equal([SctpState.Connecting, SctpState.Connected], statesB.Items);
        Assert.Equal(SctpState.Connected, a.SctpState);
        Assert.Equal(SctpState.Connected, b.SctpState);

        foreach (var transport in new[] { a, b })
        {
            var stats = Assert.IsType<PipeTransportStats>(Assert.Single(await transport.GetStatsAsync()));
            Assert.Equal(SctpState.Connected, stats.SctpState);
            var dump = Assert.IsType<PipeTransportDump>(await transport.DumpAsync());
            Assert.Equal(SctpState.Connected, dump.SctpState);
            Assert.False(dump.PacketDrops?.ContainsKey("badSctp") ?? false, "an SCTP packet between the two pipes was rejected");
            var raw = await RawRequestAsync(WireMethods.TransportGetStats, $$"""{"transportId":"{{transport.Id}}"}""");
            Assert.Equal("connected", Assert.Single(raw.EnumerateArray()).GetProperty("sctpState").GetString());
        }

        // On the wire: transport.sctpstatechange {transportId, sctpState}.
        var wire = await notifications.WaitForAsync(n => n.Method == WireMethods.TransportSctpStateChangeNotification
            && n.Data.GetProperty("transportId").GetString() == b.Id && n.Data.GetProperty("sctpState").GetString() == "connected",
            "transport.sctpstatechange 'connected' for pipe B", Timeout);
        AssertFields(wire.Data, "transportId", "sctpState");

        // Closing A aborts its association: A reads closed without an event (WT9), B hears the ABORT and closes.
        await a.CloseAsync();
        Assert.Equal(SctpState.Closed, a.SctpState);
        await statesB.WaitForAsync(s => s == SctpState.Closed, "pipe B's association to close on A's ABORT", Timeout);
        Assert.Equal([SctpState.Connecting, SctpState.Connected, SctpState.Closed], statesB.Items);
        Assert.Equal(SctpState.Closed, b.SctpState);
        Assert.Equal(SctpState.Closed, Assert.IsType<PipeTransportDump>(await b.DumpAsync()).SctpState);
        Assert.False(b.IsClosed);
        Assert.Equal([SctpState.Connecting, SctpState.Connected], statesA.Items);
    }

    [Fact]
    public async Task Without_enableSctp_sctp_datagrams_are_dropped_and_counted_and_teach_comedia_nothing()
    {
        var router = await CreateRouterAsync();
        var plain = await CreatePlainAsync(router, new PlainTransportOptions { ListenInfo = Loopback, Comedia = true });
        var pipe = await router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = Loopback });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await pipe.ConnectAsync(new PipeTransportConnectParameters { Ip = "127.0.0.1", Port = ((IPEndPoint)socket.LocalEndPoint!).Port });
        var init = RealInit();

        for (var i = 0; i < 3; i++)
        {
            socket.SendTo(init, new IPEndPoint(IPAddress.Loopback, plain.Tuple.LocalPort));
            socket.SendTo(init, new IPEndPoint(IPAddress.Loopback, pipe.Tuple.LocalPort));
        }

        foreach (var transport in new ITransport[] { plain, pipe })
        {
            var dump = await WaitUntilAsync(() => transport.DumpAsync(), d => d.PacketDrops?.GetValueOrDefault("sctpNotEnabled") == 3,
                "3 datagrams counted as sctpNotEnabled");
            Assert.Equal(["sctpNotEnabled"], dump.PacketDrops!.Keys);
            Assert.Null(dump.SctpState);
            Assert.Null(transport.SctpState);
        }
        Assert.Null(plain.Tuple.RemotePort);
        Assert.Null(Assert.IsType<PlainTransportDump>(await plain.DumpAsync()).Tuple.RemotePort);
        Assert.Equal(0, socket.Available); // nothing answered
    }

    [Fact]
    public async Task A_transport_with_sctp_reads_closed_after_its_router_closes_without_an_sctpstatechange()
    {
        var router = await CreateRouterAsync();
        var plain = await CreatePlainAsync(router, new PlainTransportOptions { ListenInfo = Loopback, EnableSctp = true });
        var states = new EventLog<SctpState>();
        plain.SctpStateChanged += (_, state) => states.Add(state);
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        plain.Closed += (_, e) => closed.TrySetResult(e.Reason);
        Assert.Equal(SctpState.New, plain.SctpState);

        await router.CloseAsync();

        Assert.Equal(CloseReasons.RouterClose, await closed.Task.WaitAsync(Timeout));
        Assert.Equal(SctpState.Closed, plain.SctpState);
        Assert.Empty(states.Items);
    }

    [Fact]
    public async Task Bad_sctp_options_are_type_errors()
    {
        var router = await CreateRouterAsync();

        await Assert.ThrowsAsync<TypeError>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback, EnableSctp = true, MaxSctpMessageSize = 0,
        }));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = Loopback, EnableSctp = true, SctpSendBufferSize = 268435457,
        }));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePipeTransportAsync(new PipeTransportOptions
        {
            ListenInfo = Loopback, EnableSctp = true, NumSctpStreams = new NumSctpStreams { OS = 0, MIS = 10 },
        }));
        await Assert.ThrowsAsync<TypeError>(() => router.CreatePipeTransportAsync(new PipeTransportOptions
        {
            ListenInfo = Loopback, EnableSctp = true, SctpSendBufferSize = -1,
        }));
        var atMax = await router.CreatePipeTransportAsync(new PipeTransportOptions
        {
            ListenInfo = Loopback, EnableSctp = true, SctpSendBufferSize = 268435456, MaxSctpMessageSize = 1000,
        });
        Assert.Equal(1000, atMax.SctpParameters!.MaxMessageSize);
    }

    /// <summary>The INIT a real association sends first (SCTP ports 5000/5000, valid CRC32c).</summary>
    private static byte[] RealInit()
    {
        using var association = new SctpAssociation(new SctpAssociationOptions { Role = SctpRole.Client });
        association.Connect(Instant.FromStopwatch(System.Diagnostics.Stopwatch.GetTimestamp()));
        var buffer = new byte[1500];
        Assert.True(association.TryPollTransmit(buffer, out var length));
        return buffer[..length];
    }
}

public sealed class TransportSctpApiInProcessTests(InProcessTargetFixture fixture) : TransportSctpApiTests(fixture), IClassFixture<InProcessTargetFixture>;

public sealed class TransportSctpApiOverWebSocketTests(WebSocketTargetFixture fixture) : TransportSctpApiTests(fixture), IClassFixture<WebSocketTargetFixture>;
