using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class SctpParametersTests
{
    [Fact]
    public void Os_and_mis_keep_their_uppercase_spelling()
    {
        var json = JsonAssert.ObjectOf(new SctpParameters { Port = 5000, OS = 1024, MIS = 1024, MaxMessageSize = 262144 });

        Assert.True(json.ContainsKey("OS"));
        Assert.True(json.ContainsKey("MIS"));
        Assert.False(json.ContainsKey("os"));
        Assert.False(json.ContainsKey("mis"));
        JsonAssert.Same("""{"port":5000,"OS":1024,"MIS":1024,"maxMessageSize":262144}""", json.ToJsonString());
    }

    [Fact]
    public void The_dump_form_with_buffer_fields_round_trips() =>
        JsonAssert.RoundTrips<SctpParameters>("""
            {"port":5000,"OS":256,"MIS":256,"maxMessageSize":268435456,"sendBufferSize":268435456,"sctpBufferedAmount":0,"isDataChannel":false}
            """);

    [Fact]
    public void Num_sctp_streams_and_capabilities_round_trip()
    {
        JsonAssert.RoundTrips<NumSctpStreams>("""{"OS":2048,"MIS":2048}""");
        var capabilities = JsonAssert.RoundTrips<SctpCapabilities>("""{"numStreams":{"OS":1024,"MIS":1024}}""");
        Assert.Equal(1024, capabilities.NumStreams.MIS);
    }

    [Fact]
    public void Missing_stream_counts_stay_null_for_the_server_defaults()
    {
        var streams = SfuJson.Deserialize<NumSctpStreams>("{}");

        Assert.Null(streams.OS);
        Assert.Null(streams.MIS);
        JsonAssert.Writes(streams, "{}");
    }

    [Fact]
    public void Stream_parameters_omit_absent_reliability_fields()
    {
        JsonAssert.Writes(new SctpStreamParameters { StreamId = 0 }, """{"streamId":0}""");
        JsonAssert.RoundTrips<SctpStreamParameters>("""{"streamId":666,"ordered":false,"maxPacketLifeTime":5000}""");
        JsonAssert.RoundTrips<SctpStreamParameters>("""{"streamId":123,"ordered":false,"maxRetransmits":3}""");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"foo":1}""")]
    [InlineData("""{"streamId":"1"}""")]
    [InlineData("""{"streamId":1,"ordered":"yes"}""")]
    [InlineData("""[]""")]
    public void Invalid_stream_parameters_do_not_deserialize(string json) =>
        JsonAssert.Rejects<SctpStreamParameters>(json);
}
