using Sfu.Contracts.Events;

namespace Sfu.Contracts.Tests;

public class AudioLevelObserverVolumeTests
{
    [Fact]
    public void Volumes_carry_the_producer_id() =>
        JsonAssert.RoundTrips<IReadOnlyList<AudioLevelObserverVolume>>("""
            [{"producerId":"p1","volume":-20},{"producerId":"p2","volume":-55}]
            """);

    [Fact]
    public void The_dominant_speaker_carries_the_producer_id() =>
        JsonAssert.Writes(new ActiveSpeakerEvent { ProducerId = "p1" }, """{"producerId":"p1"}""");
}
