using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class RtpObserverOptionsTests
{
    [Fact]
    public void Active_speaker_options_round_trip() =>
        JsonAssert.RoundTrips<ActiveSpeakerObserverOptions>("""{"interval":500,"appData":{"foo":"bar"}}""");

    [Fact]
    public void Audio_level_options_round_trip_and_default_to_null()
    {
        JsonAssert.RoundTrips<AudioLevelObserverOptions>("""{"maxEntries":8,"threshold":-70,"interval":1000,"appData":{}}""");
        Assert.Equal(new AudioLevelObserverOptions(), SfuJson.Deserialize<AudioLevelObserverOptions>("{}"));
    }

    [Fact]
    public void Zero_and_negative_max_entries_deserialize_for_the_server_to_reject() =>
        Assert.Equal(-10, SfuJson.Deserialize<AudioLevelObserverOptions>("""{"maxEntries":-10}""").MaxEntries);

    [Theory]
    [InlineData("""{"interval":false}""")]
    [InlineData("""{"appData":"NOT-AN-OBJECT"}""")]
    public void Invalid_active_speaker_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<ActiveSpeakerObserverOptions>(json);

    [Theory]
    [InlineData("""{"threshold":"foo"}""")]
    [InlineData("""{"interval":false}""")]
    [InlineData("""{"maxEntries":"1"}""")]
    [InlineData("""{"appData":"NOT-AN-OBJECT"}""")]
    public void Invalid_audio_level_options_do_not_deserialize(string json) =>
        JsonAssert.Rejects<AudioLevelObserverOptions>(json);

    [Fact]
    public void Add_producer_options_carry_the_producer_id() =>
        JsonAssert.RoundTrips<RtpObserverAddRemoveProducerOptions>("""{"producerId":"p1"}""");
}
