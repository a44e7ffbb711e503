using Sfu.Contracts.Events;

namespace Sfu.Contracts.Tests;

public class ProducerScoreTests
{
    [Fact]
    public void A_score_list_round_trips_with_and_without_rid() =>
        JsonAssert.RoundTrips<IReadOnlyList<ProducerScore>>("""
            [{"encodingIdx":0,"ssrc":22222222,"rid":"r0","score":10},{"encodingIdx":1,"ssrc":22222224,"score":7}]
            """);

    [Fact]
    public void Absent_rid_is_omitted() =>
        JsonAssert.Writes(new ProducerScore { EncodingIdx = 0, Ssrc = 11111111, Score = 9 }, """{"encodingIdx":0,"ssrc":11111111,"score":9}""");

    [Fact]
    public void Video_orientation_round_trips() =>
        JsonAssert.RoundTrips<ProducerVideoOrientation>("""{"camera":true,"flip":false,"rotation":90}""");
}
