using System.Text.Json.Nodes;
using Sfu.Contracts.Events;

namespace Sfu.Contracts.Tests;

public class TraceEventTests
{
    [Fact]
    public void A_bwe_trace_round_trips_with_its_info_object()
    {
        var trace = JsonAssert.RoundTrips<TraceEvent>("""
            {"type":"bwe","timestamp":1718000000000,"direction":"out",
             "info":{"desiredBitrate":1500000,"effectiveDesiredBitrate":1500000,"minBitrate":30000,"maxBitrate":3000000,
                     "startBitrate":600000,"maxPaddingBitrate":1275000,"availableBitrate":1200000,"bweType":"transport-cc"}}
            """);

        Assert.Equal(TraceDirection.Out, trace.Direction);
        Assert.Equal("transport-cc", trace.Info["bweType"]!.GetValue<string>());
    }

    [Fact]
    public void A_probation_trace_has_an_empty_info_object() =>
        JsonAssert.Writes(
            new TraceEvent { Type = "probation", Timestamp = 5, Direction = TraceDirection.Out },
            """{"type":"probation","timestamp":5,"direction":"out","info":{}}""");

    [Fact]
    public void A_producer_rtp_trace_keeps_nested_packet_fields()
    {
        var trace = new TraceEvent
        {
            Type = "keyframe",
            Timestamp = 7,
            Direction = TraceDirection.In,
            Info = new JsonObject
            {
                ["rtpPacket"] = new JsonObject { ["payloadType"] = 101, ["isKeyFrame"] = true, ["mid"] = "VIDEO" },
                ["isRtx"] = false,
            },
        };

        JsonAssert.Writes(trace, """
            {"type":"keyframe","timestamp":7,"direction":"in","info":{"rtpPacket":{"payloadType":101,"isKeyFrame":true,"mid":"VIDEO"},"isRtx":false}}
            """);
    }

    [Fact]
    public void An_rtp_trace_carries_mediasoups_packet_dump_with_null_mid_rid_rrid_and_no_absent_wide_sequence_number()
    {
        var packet = new RtpPacketDump
        {
            PayloadType = 96, SequenceNumber = 65535, Timestamp = 4294967295, Marker = true, Ssrc = 22222222, IsKeyFrame = false,
            Size = 1200, PayloadSize = 1150, SpatialLayer = 0, TemporalLayer = 2,
        };

        JsonAssert.Writes(TraceEvent.ForRtpPacket("rtp", 1718000000123, TraceDirection.Out, packet, isRtx: true), """
            {"type":"rtp","timestamp":1718000000123,"direction":"out",
             "info":{"rtpPacket":{"payloadType":96,"sequenceNumber":65535,"timestamp":4294967295,"marker":true,"ssrc":22222222,
                                  "isKeyFrame":false,"size":1200,"payloadSize":1150,"spatialLayer":0,"temporalLayer":2,
                                  "mid":null,"rid":null,"rrid":null},
                     "isRtx":true}}
            """);
    }

    [Fact]
    public void A_keyframe_trace_with_every_field_reads_back_its_packet()
    {
        var packet = new RtpPacketDump
        {
            PayloadType = 101, SequenceNumber = 7, Timestamp = 3000, Marker = false, Ssrc = 1, IsKeyFrame = true,
            Size = 40, PayloadSize = 10, SpatialLayer = 1, TemporalLayer = 0, Mid = "VIDEO", Rid = "r0", Rrid = "r1",
            WideSequenceNumber = 12,
        };
        var trace = TraceEvent.ForRtpPacket("keyframe", 9, TraceDirection.In, packet, isRtx: false);

        var read = JsonAssert.RoundTrips<TraceEvent>(SfuJson.Serialize(trace));

        Assert.Equal(packet, read.RtpPacket);
        Assert.False(read.Info["isRtx"]!.GetValue<bool>());
        Assert.Contains("\"wideSequenceNumber\":12", SfuJson.Serialize(trace));
    }

    [Fact]
    public void Pli_fir_nack_and_sr_traces_have_mediasoups_info_shapes()
    {
        JsonAssert.Writes(TraceEvent.ForKeyFrameRequest("pli", 1, TraceDirection.Out, 4000000000),
            """{"type":"pli","timestamp":1,"direction":"out","info":{"ssrc":4000000000}}""");
        JsonAssert.Writes(TraceEvent.ForKeyFrameRequest("fir", 2, TraceDirection.In, 5),
            """{"type":"fir","timestamp":2,"direction":"in","info":{"ssrc":5}}""");
        JsonAssert.Writes(TraceEvent.ForNack(3, TraceDirection.In), """{"type":"nack","timestamp":3,"direction":"in","info":{}}""");
        JsonAssert.Writes(TraceEvent.ForSenderReport(4, 11111111, 3908988800, 2147483648, 96000, 50, 8000), """
            {"type":"sr","timestamp":4,"direction":"in",
             "info":{"ssrc":11111111,"ntpSec":3908988800,"ntpFrac":2147483648,"rtpTs":96000,"packetCount":50,"octetCount":8000}}
            """);
        Assert.Null(TraceEvent.ForNack(3, TraceDirection.In).RtpPacket);
    }

    [Theory]
    [InlineData("""{"type":"rtp","timestamp":1,"direction":"sideways","info":{}}""")]
    [InlineData("""{"type":"rtp","timestamp":1,"direction":"in","info":"x"}""")]
    public void Invalid_direction_or_non_object_info_is_rejected(string json) =>
        JsonAssert.Rejects<TraceEvent>(json);
}
