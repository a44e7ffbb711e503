using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class TransportStatsTests
{
    private const string BaseZeros = """
        "transportId":"5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11","timestamp":1718000000000,
        "bytesReceived":0,"recvBitrate":0,"bytesSent":0,"sendBitrate":0,
        "rtpBytesReceived":0,"rtpRecvBitrate":0,"rtpBytesSent":0,"rtpSendBitrate":0,
        "rtxBytesReceived":0,"rtxRecvBitrate":0,"rtxBytesSent":0,"rtxSendBitrate":0,
        "probationBytesSent":0,"probationSendBitrate":0
        """;

    private static readonly TransportTuple Tuple = new() { LocalAddress = "127.0.0.1", LocalPort = 40000, Protocol = TransportProtocol.Udp };

    [Fact]
    public void A_fresh_webrtc_transport_has_zero_counters_and_no_max_incoming_bitrate()
    {
        var stats = new WebRtcTransportStats
        {
            TransportId = "5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11",
            Timestamp = 1718000000000,
            IceRole = IceRole.Controlled,
            IceState = IceState.New,
            DtlsState = DtlsState.New,
        };

        JsonAssert.Writes(stats, $$$"""
            {"type":"webrtc-transport",{{{BaseZeros}}},"iceRole":"controlled","iceState":"new","dtlsState":"new"}
            """);
        Assert.False(JsonAssert.ObjectOf(stats).ContainsKey("maxIncomingBitrate"));
    }

    [Fact]
    public void Webrtc_transport_stats_with_every_optional_field_round_trip() =>
        JsonAssert.RoundTrips<WebRtcTransportStats>("""
            {"type":"webrtc-transport","transportId":"t1","timestamp":1718000000123,"sctpState":"connected",
             "bytesReceived":104857,"recvBitrate":812345,"bytesSent":99999,"sendBitrate":700000,
             "rtpBytesReceived":100000,"rtpRecvBitrate":800000,"rtpBytesSent":90000,"rtpSendBitrate":650000,
             "rtxBytesReceived":1200,"rtxRecvBitrate":9600,"rtxBytesSent":1100,"rtxSendBitrate":8800,
             "probationBytesSent":5000,"probationSendBitrate":40000,
             "availableOutgoingBitrate":1200000,"availableIncomingBitrate":2000000,"maxIncomingBitrate":1500000,
             "maxOutgoingBitrate":3000000,"minOutgoingBitrate":30000,"rtpPacketLossReceived":0.015,"rtpPacketLossSent":0.25,
             "iceRole":"controlled","iceState":"completed",
             "iceSelectedTuple":{"localIp":"9.9.9.1","localAddress":"9.9.9.1","localPort":40533,"remoteIp":"1.2.3.4","remotePort":51000,"protocol":"udp"},
             "dtlsState":"connected"}
            """);

    [Fact]
    public void Plain_transport_stats_carry_rtcp_mux_comedia_and_tuples()
    {
        var stats = new PlainTransportStats
        {
            TransportId = "5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11",
            Timestamp = 1718000000000,
            RtcpMux = false,
            Comedia = true,
            Tuple = Tuple,
            RtcpTuple = Tuple with { LocalPort = 40001 },
        };

        JsonAssert.Writes(stats, $$$"""
            {"type":"plain-rtp-transport",{{{BaseZeros}}},"rtcpMux":false,"comedia":true,
             "tuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40000,"protocol":"udp"},
             "rtcpTuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40001,"protocol":"udp"}}
            """);
    }

    [Fact]
    public void Pipe_and_direct_transport_stats_have_their_types()
    {
        JsonAssert.Writes(
            new PipeTransportStats { TransportId = "5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11", Timestamp = 1718000000000, Tuple = Tuple },
            $$$"""{"type":"pipe-transport",{{{BaseZeros}}},"tuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40000,"protocol":"udp"}}""");
        JsonAssert.Writes(
            new DirectTransportStats { TransportId = "5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11", Timestamp = 1718000000000 },
            $$$"""{"type":"direct-transport",{{{BaseZeros}}}}""");
    }

    [Fact]
    public void Stats_written_through_the_base_type_keep_every_field_of_their_kind()
    {
        BaseTransportStats stats = new PlainTransportStats
        {
            TransportId = "5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11",
            Timestamp = 1718000000000,
            RtcpMux = true,
            Comedia = false,
            Tuple = Tuple,
        };
        IReadOnlyList<BaseTransportStats> list = [stats];

        var expected = $$$"""
            {"type":"plain-rtp-transport",{{{BaseZeros}}},"rtcpMux":true,"comedia":false,
             "tuple":{"localIp":"127.0.0.1","localAddress":"127.0.0.1","localPort":40000,"protocol":"udp"}}
            """;
        JsonAssert.Writes(stats, expected);
        JsonAssert.Writes(list, $"[{expected}]");
    }

    [Theory]
    [InlineData("webrtc-transport", typeof(WebRtcTransportStats))]
    [InlineData("plain-rtp-transport", typeof(PlainTransportStats))]
    [InlineData("pipe-transport", typeof(PipeTransportStats))]
    [InlineData("direct-transport", typeof(DirectTransportStats))]
    public void Reading_the_base_type_picks_the_kind_from_the_type_field(string type, Type expected)
    {
        var stats = SfuJson.Deserialize<BaseTransportStats>($$$"""{"type":"{{{type}}}",{{{BaseZeros}}}}""");

        Assert.IsType(expected, stats);
        Assert.Equal(type, stats.Type);
        Assert.Equal("5a7c6a2d-6b1f-4d0e-9d57-5b8f8d6e1c11", stats.TransportId);
    }

    [Theory]
    [InlineData("""{"type":"shm-transport"}""")]
    [InlineData("""{"transportId":"t"}""")]
    [InlineData("""{"type":1}""")]
    [InlineData("[]")]
    public void Reading_the_base_type_without_a_known_type_is_rejected(string json) =>
        JsonAssert.Rejects<BaseTransportStats>(json);

    [Fact]
    public void A_string_counter_is_rejected() =>
        JsonAssert.Rejects<DirectTransportStats>("""{"bytesReceived":"0"}""");
}
