using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;

namespace Sfu.Contracts.Tests;

public class RtpStreamStatsTests
{
    private const string Inbound = """
        {"type":"inbound-rtp","timestamp":1718000000000,"ssrc":22222222,"rtxSsrc":22222223,"rid":"r0","kind":"video",
         "mimeType":"video/VP8","packetsLost":3,"fractionLost":2,"packetsDiscarded":0,"packetsRetransmitted":1,
         "packetsRepaired":3,"nackCount":2,"nackPacketCount":3,"pliCount":1,"firCount":0,"score":9,
         "roundTripTime":12.5,"rtxPacketsDiscarded":0,
         "jitter":45,"packetCount":4000,"byteCount":4000000,"bitrate":1500000,
         "bitrateByLayer":{"0.0":150000,"0.1":300000,"0.2":500000}}
        """;

    private const string Outbound = """
        {"type":"outbound-rtp","timestamp":1718000000000,"ssrc":123456789,"rtxSsrc":123456790,"kind":"video",
         "mimeType":"video/VP8","packetsLost":0,"fractionLost":0,"packetsDiscarded":0,"packetsRetransmitted":0,
         "packetsRepaired":0,"nackCount":0,"nackPacketCount":0,"pliCount":0,"firCount":0,"score":10,
         "roundTripTime":0,"packetCount":3000,"byteCount":3000000,"bitrate":500000}
        """;

    [Fact]
    public void Inbound_rtp_stats_round_trip_with_a_string_keyed_bitrate_by_layer()
    {
        var stats = JsonAssert.RoundTrips<InboundRtpStats>(Inbound);

        Assert.Equal(MediaKind.Video, stats.Kind);
        Assert.Equal(300000, stats.BitrateByLayer["0.1"]);
    }

    [Fact]
    public void Outbound_rtp_stats_round_trip() =>
        JsonAssert.RoundTrips<OutboundRtpStats>(Outbound);

    [Fact]
    public void Absent_rid_rtx_and_round_trip_time_are_omitted() =>
        JsonAssert.Writes(
            new OutboundRtpStats { Timestamp = 1, Ssrc = 1, Kind = MediaKind.Audio, MimeType = "audio/opus", Score = 10 },
            """
            {"type":"outbound-rtp","timestamp":1,"ssrc":1,"kind":"audio","mimeType":"audio/opus","packetsLost":0,
             "fractionLost":0,"packetsDiscarded":0,"packetsRetransmitted":0,"packetsRepaired":0,"nackCount":0,
             "nackPacketCount":0,"pliCount":0,"firCount":0,"score":10,"packetCount":0,"byteCount":0,"bitrate":0}
            """);

    [Fact]
    public void A_consumer_stats_list_mixes_outbound_and_inbound_entries_both_ways()
    {
        var stats = JsonAssert.RoundTrips<IReadOnlyList<RtpStreamStats>>($"[{Outbound},{Inbound}]");

        Assert.IsType<OutboundRtpStats>(stats[0]);
        Assert.IsType<InboundRtpStats>(stats[1]);
    }

    [Fact]
    public void An_unknown_stream_stats_type_is_rejected() =>
        JsonAssert.Rejects<RtpStreamStats>("""{"type":"remote-inbound-rtp","ssrc":1}""");

    [Fact]
    public void A_negative_ssrc_is_rejected() =>
        JsonAssert.Rejects<OutboundRtpStats>("""{"ssrc":-1}""");
}
