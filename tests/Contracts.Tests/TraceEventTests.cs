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

    [Theory]
    [InlineData("""{"type":"rtp","timestamp":1,"direction":"sideways","info":{}}""")]
    [InlineData("""{"type":"rtp","timestamp":1,"direction":"in","info":"x"}""")]
    public void Invalid_direction_or_non_object_info_is_rejected(string json) =>
        JsonAssert.Rejects<TraceEvent>(json);
}
